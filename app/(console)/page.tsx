import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { consoleNavigation } from '@/lib/navigation';
import { listMyAlerts } from '@/lib/notifications/list-my-alerts';
import { ReviewSummary } from '@/components/dashboard/review-summary';
import { getReviewDashboard } from '@/lib/review/review-dashboard';

export const metadata: Metadata = { title: 'Overview' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const SECTION_TEXT: Record<string, string> = {
  '/staff': 'Invite colleagues, see who has access, disable accounts.',
  '/roles': 'Roles and their permission rules, the permission matrix.',
  '/transactions': 'Frozen transactions waiting for review: claim, decide, escalate.',
  '/audit': 'Every recorded action: who, what, from where, with a chain check.',
  '/settings/security': 'Your passkeys and signed-in sessions.',
};

export default async function OverviewPage() {
  const actor = await getCurrentStaff();
  const alerts = await listMyAlerts(await getDb(), actor);
  const board = await getReviewDashboard(await getDb(), actor);
  const sections = consoleNavigation(actor.ability).filter((n) => n.href !== '/');
  return (
    <>
      <PageHeader title="Overview" description={`Signed in as ${actor.staff.name} (${actor.roles.map((r) => r.name).join(', ') || 'no role'}).`} />
      <section aria-labelledby="alerts-heading" className="mb-8">
        <h2 id="alerts-heading" className="mb-3 text-lg font-semibold">Alerts</h2>
        {alerts.length === 0 ? (
          <p className="text-sm text-muted-foreground">No alerts for your roles.</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 rounded-md border p-3 text-sm">
                <Badge variant={a.severity === 'critical' ? 'destructive' : 'secondary'}>{a.severity}</Badge>
                <span className="font-medium">{a.title}</span>
                <span className="text-muted-foreground">{when.format(a.createdAt)} UTC</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {board ? <ReviewSummary board={board} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {sections.map((s) => (
          <Card key={s.href}>
            <CardHeader>
              <CardTitle>
                <h2 className="text-base font-semibold">
                  <Link href={s.href} className="underline-offset-4 hover:underline">{s.label}</Link>
                </h2>
              </CardTitle>
              <CardDescription>{SECTION_TEXT[s.href] ?? ''}</CardDescription>
            </CardHeader>
            <CardContent />
          </Card>
        ))}
      </div>
    </>
  );
}
