'use client';
import { KeyRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { registerPasskey } from '@/components/auth/passkey-client';

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const result = await registerPasskey({ flow: 'invite', token });
    if (result.ok) {
      router.replace('/');
      router.refresh();
      return;
    }
    setError(result.message);
    setPending(false);
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <Button type="button" onClick={onClick} loading={pending}>
        <KeyRound aria-hidden className="size-4" />
        Create passkey
      </Button>
    </div>
  );
}
