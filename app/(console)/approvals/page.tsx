import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorAlert } from '@/components/common/error-alert';
import { ApprovalTable } from '@/components/approvals/approval-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listApprovalRequests } from '@/lib/approvals/list-approval-requests';
import { listActionTypes } from '@/lib/approvals/registry';
import type { TApprovalListPage } from '@/lib/approvals/types';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { isAppError } from '@/lib/errors';
import { guardPage } from '@/lib/http/page-guard';
import { listStaff } from '@/lib/staff/staff-directory';
import { cn } from '@/lib/utils';
import { ApprovalFilters } from './_components/approval-filters';

export const metadata: Metadata = { title: 'Approvals' };

type TSearch = Record<string, string | string[] | undefined>;
const TABS = [
  { key: 'waiting', label: 'Waiting for me' },
  { key: 'mine', label: 'Requested by me' },
  { key: 'all', label: 'All I may see' },
] as const;
const FILTER_KEYS = ['type', 'status', 'requester', 'olderThanHours'] as const;

function valuesOf(search: TSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...FILTER_KEYS, 'cursor']) {
    const raw = search[k];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value) out[k] = value;
  }
  return out;
}

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const search = await searchParams;
  const tabParam = Array.isArray(search.tab) ? search.tab[0] : search.tab;
  const tab = TABS.find((t) => t.key === tabParam)?.key ?? 'waiting';
  const values = valuesOf(search);
  const db = await getDb();
  const actor = await getCurrentStaff();
  let page: TApprovalListPage = { items: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await guardPage(() => listApprovalRequests(db, actor, { tab, ...values }));
  } catch (e) {
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
    problem = `These filters are not valid: ${e.message}`;
  }
  const requesters = actor.ability.can('read', 'Staff') ? (await listStaff(db, actor)).map((s) => ({ id: s.id, name: s.name })) : [];
  const { cursor, ...filters } = values;
  const link = (extra: Record<string, string>) => `/approvals?${new URLSearchParams({ tab, ...filters, ...extra }).toString()}`;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Key actions that need more than one person. Each decision is signed with the approver's passkey."
        actions={actor.ability.can('read', 'ApprovalPolicy') ? <Link href="/approvals/policies" className="text-sm underline underline-offset-4">Approval policies</Link> : null}
      />
      <nav aria-label="Approval lists" className="mb-4 flex flex-wrap gap-2">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={`/approvals?${new URLSearchParams({ tab: t.key, ...filters }).toString()}`}
            aria-current={t.key === tab ? 'page' : undefined}
            className={cn('rounded-md px-3 py-1.5 text-sm font-medium', t.key === tab ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-accent')}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <ApprovalFilters tab={tab} values={values} types={listActionTypes()} requesters={requesters} />
      <ErrorAlert message={problem} />
      {page.items.length === 0 && !problem ? (
        <EmptyState title={tab === 'waiting' ? 'Nothing is waiting for you' : 'No requests match'} description="Change the list or the filters." />
      ) : (
        <ApprovalTable items={page.items} caption={TABS.find((t) => t.key === tab)!.label} />
      )}
      <nav aria-label="Approval pages" className="mt-4 flex gap-4 text-sm">
        {cursor ? <Link href={link({})} className="underline underline-offset-4">First page</Link> : null}
        {page.nextCursor ? <Link href={link({ cursor: page.nextCursor })} className="underline underline-offset-4">Next page</Link> : null}
      </nav>
    </>
  );
}
