import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getSessionState } from '@/lib/auth/current-staff';
import { safeReturnPath } from '@/lib/security/safe-return-path';
import { PasskeyCeremonyButton } from '@/components/auth/passkey-ceremony-button';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeReturnPath(typeof params.next === 'string' ? params.next : undefined);
  const state = await getSessionState();
  if (state.kind === 'active') redirect(next);
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl font-semibold">Sign in</h1>
        </CardTitle>
        <CardDescription>Countersign uses passkeys only: your device checks it is you with a PIN or biometrics.</CardDescription>
      </CardHeader>
      <CardContent>
        <PasskeyCeremonyButton ceremony={{ kind: 'sign-in', next }} label="Sign in with passkey" />
      </CardContent>
    </Card>
  );
}
