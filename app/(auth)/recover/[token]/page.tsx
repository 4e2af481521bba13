import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PasskeyCeremonyButton } from '@/components/auth/passkey-ceremony-button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { findOpenRecovery } from '@/lib/staff/passkey-recovery';

export const metadata: Metadata = { title: 'Recover access' };

export default async function RecoverPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const recovery = await findOpenRecovery(await getDb(), token);
  if (!recovery) notFound();
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl font-semibold">Recover access</h1>
        </CardTitle>
        <CardDescription>
          Welcome back, {recovery.name}. Your old passkeys were revoked. Create a new passkey on this device to sign in; this link works once.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <PasskeyCeremonyButton ceremony={{ kind: 'recovery', token }} label="Create passkey" />
      </CardContent>
    </Card>
  );
}
