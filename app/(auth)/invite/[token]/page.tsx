import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { findOpenInvite } from '@/lib/staff/invites';
import { PasskeyCeremonyButton } from '@/components/auth/passkey-ceremony-button';

export const metadata: Metadata = { title: 'Join Countersign' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findOpenInvite(await getDb(), token);
  if (!invite) notFound();
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl font-semibold">Join Countersign</h1>
        </CardTitle>
        <CardDescription>
          Welcome, {invite.name}. You were invited as {invite.roleName}. Create a passkey on this device to finish.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <PasskeyCeremonyButton ceremony={{ kind: 'invite', token }} label="Create passkey" />
      </CardContent>
    </Card>
  );
}
