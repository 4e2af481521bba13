/**
 * The audit browser's hot queries for the benchmark and the EXPLAIN test: each as our use case
 * (queryAuditPage: rules, filter, keyset, DTOs) and as the very SQL it runs, to be executed raw.
 */
import { and, desc } from 'drizzle-orm';
import { auditEvents, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { decodeCursor, encodeCursor, parseAuditFilter, type TAuditFilter } from '@/lib/audit/browse/audit-filter';
import { auditFilterToSql } from '@/lib/audit/browse/audit-filter-sql';
import { AUDIT_SELECT, staffJoin } from '@/lib/audit/browse/audit-event-dto';
import { readableAuditEvents } from '@/lib/audit/browse/list-audit-events';
import type { TActor } from '@/lib/auth/current-staff';
import { buildAbilityForRoles } from '@/lib/permissions/ability';
import { BUILT_IN_ROLES } from '@/lib/permissions/built-in-roles';
import { BENCH_START, BENCH_STEP_MS } from './audit-data';

/** An auditor (read AuditEvent, every field), as the browser would see them; only `ability` is used by the query. */
export function benchAuditor(): TActor {
  const role = BUILT_IN_ROLES.find((r) => r.key === 'auditor')!;
  const person = { id: '00000000-0000-4000-8000-00000000a0d1', region: null };
  return { ability: buildAbilityForRoles([{ ...role, id: 'auditor', rules: role.rules }] as never, person as never), staff: person } as unknown as TActor;
}

export type TBenchQuery = { name: string; filter: TAuditFilter };

/** First and deep pages of the four filters the issue names, for a synthetic chain of `n` events. */
export function benchQueries(n: number): TBenchQuery[] {
  const mid = Math.floor(n / 2);
  const from = new Date(BENCH_START.getTime() + mid * BENCH_STEP_MS);
  const to = new Date(from.getTime() + 86_400_000);
  const inRange = Math.min(n, mid + Math.floor(86_400_000 / BENCH_STEP_MS / 2));
  const base: [string, Record<string, string>, number][] = [
    ['by actor', { actor: 'staff-17' }, mid],
    ['by target', { targetType: 'transaction', targetId: 't-4243' }, mid],
    ['by date range (1 day)', { from: from.toISOString(), to: to.toISOString() }, inRange],
    ['by action', { action: 'passkey.added' }, mid],
  ];
  return base.flatMap(([name, f, deep]) => [
    { name: `${name}, first page`, filter: parseAuditFilter(f) },
    { name: `${name}, deep page`, filter: parseAuditFilter({ ...f, cursor: encodeCursor(Math.max(deep, 2)) }) },
  ]);
}

/** The SQL text and parameters queryAuditPage runs for `filter` (same builder, same clauses). */
export function rawPageSql(db: TDb, actor: TActor, filter: TAuditFilter, now: Date): { sql: string; params: unknown[] } {
  if (filter.cursor && decodeCursor(filter.cursor) === null) throw new Error('bad cursor');
  return db
    .select(AUDIT_SELECT)
    .from(auditEvents)
    .leftJoin(staff, staffJoin)
    .where(and(auditFilterToSql(filter, { now, searchReason: true }), readableAuditEvents(actor)))
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit + 1)
    .toSQL();
}
