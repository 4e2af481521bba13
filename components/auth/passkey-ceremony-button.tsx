'use client';
import { KeyRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { registerPasskey, signInWithPasskey } from './passkey-client';

type TCeremony = { kind: 'sign-in'; next: string } | { kind: 'invite' | 'recovery'; token: string };

/** One passkey button for the signed-out pages: sign in, or enrol through an invite or recovery link; then go on. */
export function PasskeyCeremonyButton({ ceremony, label }: { ceremony: TCeremony; label: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const result = ceremony.kind === 'sign-in' ? await signInWithPasskey() : await registerPasskey({ flow: ceremony.kind, token: ceremony.token });
    if (result.ok) {
      router.replace(ceremony.kind === 'sign-in' ? ceremony.next : '/');
      router.refresh();
      return;
    }
    setError(result.message);
    setPending(false);
  }

  return (
    <div className="flex flex-col gap-4">
      <ErrorAlert message={error} />
      <Button type="button" onClick={onClick} loading={pending} className="w-full">
        <KeyRound aria-hidden className="size-4" />
        {label}
      </Button>
    </div>
  );
}
