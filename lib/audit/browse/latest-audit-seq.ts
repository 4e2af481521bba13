/**
 * For the audit page's "Live" toggle: the newest event the reader may see under the page's
 * filter (same SQL, rules and hidden-field handling as the list), so the page refreshes only
 * when something new has arrived. Polling is not a new view: no `audit.viewed` is written.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { parseAuditFilter } from './audit-filter';
import { queryAuditPage } from './list-audit-events';

export async function latestAuditSeq(db: TDb, actor: TActor, params: URLSearchParams): Promise<{ seq: number | null }> {
  const { cursor: _cursor, limit: _limit, ...rest } = Object.fromEntries(params.entries());
  const filter = parseAuditFilter({ ...rest, limit: '1' });
  await authorize(db, actor, 'read', 'AuditEvent');
  const page = await queryAuditPage(db, actor, filter, new Date());
  return { seq: page.events[0]?.seq ?? null };
}
