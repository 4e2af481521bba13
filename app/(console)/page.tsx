import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { consoleNavigation } from '@/lib/navigation';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const actor = await getCurrentStaff();
  const sections = consoleNavigation(actor.ability).filter((n) => n.href !== '/');
  return (
    <>
      <PageHeader title="Overview" description={`Signed in as ${actor.staff.name} (${actor.roles.map((r) => r.name).join(', ') || 'no role'}).`} />
      <div className="grid gap-4 md:grid-cols-2">
        {sections.map((s) => (
          <Card key={s.href}>
            <CardHeader>
              <CardTitle>
                <h2 className="text-base font-semibold">
                  <Link href={s.href} className="underline-offset-4 hover:underline">
                    {s.label}
                  </Link>
                </h2>
              </CardTitle>
              <CardDescription>
                {s.href === '/staff' ? 'Invite colleagues, see who has access, disable accounts.' : 'Your passkeys and signed-in sessions.'}
              </CardDescription>
            </CardHeader>
            <CardContent />
          </Card>
        ))}
      </div>
    </>
  );
}
