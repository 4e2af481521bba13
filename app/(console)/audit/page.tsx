import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorAlert } from '@/components/common/error-alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { visibilityOf } from '@/lib/audit/browse/audit-event-dto';
import { listAuditEvents, type TAuditPage } from '@/lib/audit/browse/list-audit-events';
import { exportFieldPolicy } from '@/lib/audit/export/export-field-policy';
import { recordAuditViewed } from '@/lib/audit/browse/record-audit-viewed';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { isAppError } from '@/lib/errors';
import { guardPage } from '@/lib/http/page-guard';
import { AuditFilters } from './_components/audit-filters';
import { AuditTable } from './_components/audit-table';
import { AuditToolbar } from './_components/audit-toolbar';
import { VerifyIntegrity } from './_components/verify-integrity';

export const metadata: Metadata = { title: 'Audit log' };

type TSearch = Record<string, string | string[] | undefined>;

function firstValues(search: TSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(search)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value) out[k] = value;
  }
  return out;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const values = firstValues(await searchParams);
  const { cursor: current, ...withoutCursor } = values;
  const db = await getDb();
  const actor = await getCurrentStaff();
  let page: TAuditPage = { events: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await guardPage(() => listAuditEvents(db, actor, values));
    // Reading the log is itself audited: once per session and filter, not per page.
    await recordAuditViewed(db, actor, values);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
    problem = `These filters are not valid: ${e.message}`;
  }
  // What the reader's role hides decides which filters and export formats are offered.
  const canSee = visibilityOf(actor.ability);
  const canExport = actor.ability.can('export', 'AuditEvent');
  const next = page.nextCursor ? `/audit?${new URLSearchParams({ ...values, cursor: page.nextCursor }).toString()}` : null;
  return (
    <>
      <PageHeader title="Audit log" description="Every recorded action, newest first. Times are UTC. Filters stay in the address so views can be shared." />
      {actor.ability.can('verify', 'AuditEvent') ? <VerifyIntegrity chain={values.chain ?? 'main'} /> : null}
      <AuditFilters values={values} canFilterIp={canSee.ip} searchesReason={canSee.reason} />
      <ErrorAlert message={problem} />
      {problem ? null : (
        <AuditToolbar
          filters={values}
          newestSeq={page.events[0]?.seq ?? null}
          canExport={canExport}
          exportWithheld={canExport ? exportFieldPolicy(actor.ability).withheld : []}
          // Live shows arrivals at the top, so it is offered on the newest page only.
          liveAvailable={!current}
        />
      )}
      {page.events.length === 0 && !problem ? (
        <EmptyState title="No events match" description="Widen the filters or clear them." />
      ) : (
        <AuditTable events={page.events} caption="Audit events" />
      )}
      <nav aria-label="Audit pages" className="mt-4 flex gap-4 text-sm">
        {current ? <Link href={`/audit?${new URLSearchParams(withoutCursor).toString()}`} className="underline underline-offset-4">Newest events</Link> : null}
        {next ? <Link href={next} className="underline underline-offset-4">Older events</Link> : null}
      </nav>
    </>
  );
}
