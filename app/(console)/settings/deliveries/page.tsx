import type { Metadata } from 'next';
import Link from 'next/link';
import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { ErrorAlert } from '@/components/common/error-alert';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDb } from '@/db/client';
import { OUTBOX_STATUSES, type TOutboxStatus } from '@/db/schema';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { isAppError } from '@/lib/errors';
import { guardPage } from '@/lib/http/page-guard';
import { listDeliveries, type TDeliveriesPage } from '@/lib/outbox/list-deliveries';
import { outboxConfigFromEnv } from '@/lib/outbox/outbox-config';
import { cn } from '@/lib/utils';
import { retryDeliveryAction } from './actions';

export const metadata: Metadata = { title: 'Webhook deliveries' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const LABELS: Record<TOutboxStatus, string> = { dead: 'Dead', failed: 'Retrying', pending: 'Pending', delivered: 'Delivered' };
const ORDER: TOutboxStatus[] = ['dead', 'failed', 'pending', 'delivered'];
type TSearch = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const search = await searchParams;
  const requested = first(search.status);
  const status: TOutboxStatus = (OUTBOX_STATUSES as readonly string[]).includes(requested ?? '') ? (requested as TOutboxStatus) : 'dead';
  const cursor = first(search.cursor);
  const db = await getDb();
  const actor = await getCurrentStaff();
  let page: TDeliveriesPage | null = null;
  let problem: string | null = null;
  try {
    page = await guardPage(() => listDeliveries(db, actor, { status, ...(cursor ? { cursor } : {}) }));
  } catch (e) {
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
    problem = 'This page link is not valid any more. Start again from the first page.';
  }
  const configured = outboxConfigFromEnv().target !== null;
  return (
    <>
      <PageHeader title="Webhook deliveries" description="Notifications and effects sent to the configured webhook, signed with HMAC-SHA256. Failed deliveries retry with backoff; dead ones gave up and wait for you." />
      {configured ? null : (
        <Alert className="mb-4">
          <AlertDescription>No webhook URL is configured (WEBHOOK_URL), so messages stay pending and nothing is sent.</AlertDescription>
        </Alert>
      )}
      <nav aria-label="Delivery status" className="mb-4 flex flex-wrap gap-2">
        {ORDER.map((s) => (
          <Link
            key={s}
            href={`/settings/deliveries?status=${s}`}
            aria-current={s === status ? 'page' : undefined}
            className={cn('rounded-md px-3 py-1.5 text-sm font-medium', s === status ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-accent')}
          >
            {LABELS[s]} ({page?.counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      <ErrorAlert message={problem} />
      {page && page.items.length === 0 ? <EmptyState title={`No ${LABELS[status].toLowerCase()} deliveries`} /> : null}
      {page && page.items.length > 0 ? (
        <Table>
          <TableCaption className="sr-only">{LABELS[status]} deliveries</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Topic</TableHead>
              <TableHead scope="col">Idempotency key</TableHead>
              <TableHead scope="col">Attempts</TableHead>
              <TableHead scope="col">Last error</TableHead>
              <TableHead scope="col">{status === 'delivered' ? 'Delivered (UTC)' : 'Next attempt (UTC)'}</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.items.map((d) => (
              <TableRow key={d.id}>
                <TableCell className="font-medium">{d.topic}</TableCell>
                <TableCell className="font-mono text-xs break-all">{d.idempotencyKey}</TableCell>
                <TableCell>{d.attempts}</TableCell>
                <TableCell>{d.lastError ?? '—'}</TableCell>
                <TableCell>{when.format(status === 'delivered' && d.deliveredAt ? d.deliveredAt : d.nextAttemptAt)}</TableCell>
                <TableCell>
                  {d.status === 'dead' || d.status === 'failed' ? (
                    <ConfirmActionButton
                      label="Retry now"
                      accessibleLabel={`Retry delivery ${d.idempotencyKey} now`}
                      title="Retry this delivery now?"
                      summary={`The ${d.topic} message (${d.idempotencyKey}) is sent again at the next delivery pass, with the same idempotency key. It has had ${d.attempts} attempt(s).`}
                      confirmLabel="Retry now"
                      successMessage="Delivery scheduled"
                      run={retryDeliveryAction.bind(null, d.id)}
                    />
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {page?.nextCursor ? (
        <nav aria-label="Delivery pages" className="mt-4 text-sm">
          <Link href={`/settings/deliveries?${new URLSearchParams({ status, cursor: page.nextCursor }).toString()}`} className="underline underline-offset-4">Next page</Link>
        </nav>
      ) : null}
    </>
  );
}
