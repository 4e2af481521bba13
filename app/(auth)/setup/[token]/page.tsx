import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FirstAdminForm } from './_components/first-admin-form';

export const metadata: Metadata = { title: 'Set up Countersign' };

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
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
