import type { Metadata } from 'next';
import { BackupsTable } from '@/components/operations/backups-table';
import { formatAge, formatBytes } from '@/components/operations/format';
import { RehearsalHistoryTable } from '@/components/operations/rehearsal-history-table';
import { RehearsalSummary } from '@/components/operations/rehearsal-summary';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { getOperationsOverview, REHEARSAL_STALE_DAYS } from '@/lib/backup/get-operations-overview';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Operations' };

export default async function OperationsPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const o = await guardPage(() => getOperationsOverview(db, actor));
  const newest = o.backups[0];
  return (
    <>
      <PageHeader
        title="Operations"
        description="Encrypted backups and disaster-recovery rehearsals. Backups run with npm run backup, rehearsals with npm run restore:rehearse (scheduled by your operators); see docs/backups.md."
      />
      {o.rehearsalStale ? (
        <Alert variant="destructive" className="mb-6">
          <AlertTitle>No passed restore rehearsal in the last {REHEARSAL_STALE_DAYS} days</AlertTitle>
          <AlertDescription>A backup is only trusted once it has been restored. Run npm run restore:rehearse on a machine with database access.</AlertDescription>
        </Alert>
      ) : null}
      <section aria-labelledby="rehearsal-heading" className="mb-10 grid gap-4">
        <h2 id="rehearsal-heading" className="text-lg font-semibold">Restore rehearsals</h2>
        {o.latest ? (
          <>
            <RehearsalSummary rehearsal={o.latest} />
            <RehearsalHistoryTable history={o.history} />
          </>
        ) : (
          <EmptyState headingLevel={3} title="No rehearsal yet" description="Run npm run restore:rehearse: it restores the newest backup into a scratch database, checks it and records the result here." />
        )}
      </section>
      <section aria-labelledby="backups-heading" className="grid gap-4">
        <h2 id="backups-heading" className="text-lg font-semibold">Backups</h2>
        {newest ? (
          <>
            <p className="text-sm text-muted-foreground">
              {o.backups.length} backups, {formatBytes(o.totalBytes)} in all; the newest is {formatAge((o.now.getTime() - newest.takenAt.getTime()) / 1000)} old.
              Retention keeps the newest backup of each day for 90 days, of each Monday for one year and of each 1st of the month for three years (UTC).
            </p>
            <BackupsTable backups={o.backups} now={o.now} />
          </>
        ) : (
          <EmptyState headingLevel={3} title="No backups yet" description="Run npm run backup (PostgreSQL only) to take an encrypted backup." />
        )}
      </section>
    </>
  );
}
