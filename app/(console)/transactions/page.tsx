import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorAlert } from '@/components/common/error-alert';
import { QueueFilters } from '@/components/transactions/queue-filters';
import { QueueTable } from '@/components/transactions/queue-table';
import { toQueueRowView } from '@/components/transactions/queue-view';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { guardPage } from '@/lib/http/page-guard';
import { findReviewQueue, type TQueuePage } from '@/lib/review/find-review-queue';
import { listReviewers } from '@/lib/review/list-reviewers';
import { filterParams } from '@/lib/review/queue-filter';

export const metadata: Metadata = { title: 'Review queue' };

type TSearch = Record<string, string | string[] | undefined>;

function firstValues(search: TSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(search)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value) out[k] = value;
  }
  return out;
}

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const values = firstValues(await searchParams);
  const db = await getDb();
  const actor = await getCurrentStaff();
  let page: TQueuePage | null = null;
  let problem: string | null = null;
  try {
    page = await guardPage(() => findReviewQueue(db, actor, values));
  } catch (e) {
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
    problem = `These filters are not valid: ${e.message}`;
  }
  const reviewers = await listReviewers(db, actor);
  const rows = page ? page.items.map((item) => toQueueRowView(item, actor.staff.id, env().review.releaseThresholds)) : [];
  const next = page?.nextCursor ? `/transactions?${filterParams(values, { cursor: page.nextCursor })}` : null;
  return (
    <>
      <PageHeader title="Review queue" description="Transactions the risk engine froze, most urgent by SLA. Filters stay in the address so views can be shared. Press ? for keyboard shortcuts." />
      <QueueFilters values={values} reviewers={reviewers} />
      <ErrorAlert message={problem} />
      {page ? (
        <p className="mb-2 text-sm text-muted-foreground" role="status">
          {page.total} {page.total === 1 ? 'transaction matches' : 'transactions match'}{values.cursor ? ' (later page)' : ''}.
        </p>
      ) : null}
      {page && rows.length === 0 ? (
        <EmptyState title="Nothing matches" description="The queue is empty for these filters. Widen or clear them." />
      ) : page ? (
        <QueueTable rows={rows} reviewers={reviewers} canAssign={reviewers.length > 0} />
      ) : null}
      <nav aria-label="Queue pages" className="mt-4 flex gap-4 text-sm">
        {values.cursor ? <Link href={`/transactions?${filterParams(values)}`} className="underline underline-offset-4">First page</Link> : null}
        {next ? <Link href={next} className="underline underline-offset-4">Next page</Link> : null}
      </nav>
    </>
  );
}
