'use client';
import { ErrorState } from '@/components/shell/error-state';

export default function OperationsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState error={error} reset={reset} title="Backups and rehearsals could not be loaded" />;
}
