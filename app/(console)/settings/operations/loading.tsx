import { LoadingState } from '@/components/shell/loading-state';

export default function Loading() {
  return <LoadingState label="Loading backups and rehearsals…" rows={6} />;
}
