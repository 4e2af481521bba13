'use client';
import { KeyRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { signInWithPasskey } from '@/components/auth/passkey-client';

export function PasskeySignIn({ next }: { next: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const result = await signInWithPasskey();
    if (result.ok) {
      router.replace(next);
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
      <Button type="button" onClick={onClick} loading={pending} className="w-full">
        <KeyRound aria-hidden className="size-4" />
        Sign in with passkey
      </Button>
    </div>
  );
}
