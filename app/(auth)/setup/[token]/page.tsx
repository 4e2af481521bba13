import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { findValidSetupToken } from '@/lib/auth/setup-link';
import { FirstAdminForm } from './_components/first-admin-form';

export const metadata: Metadata = { title: 'Set up Countersign' };

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Unknown, used or expired links, and any link once an administrator exists, are simply not found.
  if (!(await findValidSetupToken(await getDb(), token))) notFound();
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl font-semibold">Set up Countersign</h1>
        </CardTitle>
        <CardDescription>
          You will become the first administrator. Your passkey is your only credential: there is no password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <FirstAdminForm token={token} />
      </CardContent>
    </Card>
  );
}
