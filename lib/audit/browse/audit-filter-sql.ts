/**
 * Translates a parsed audit filter into SQL conditions on audit_events. Everything is a bound
 * parameter; LIKE wildcards in free text are escaped so `%` and `_` match themselves.
 */
import 'server-only';
import { and, eq, gte, ilike, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { AUDIT_ACTIONS } from '@/lib/audit/event-types';
import type { TColumnMap } from '@/lib/permissions/casl-to-sql';
import { AUDIT_PRESETS, decodeCursor, parseIpFilter, type TAuditFilter } from './audit-filter';

/** Where each filterable AuditEvent field of a role's conditions lives (see subject-fields). */
export const AUDIT_EVENT_COLUMNS: TColumnMap<'AuditEvent'> = {
  id: auditEvents.id,
  seq: auditEvents.seq,
  occurredAt: auditEvents.occurredAt,
  actorType: auditEvents.actorType,
  actorId: auditEvents.actorId,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  result: auditEvents.result,
};

/** `\`, `%` and `_` escaped for LIKE/ILIKE (backslash is Postgres' default escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Actions whose label or name contains `q` (case-insensitive); labels live in code, not in the table. */
function actionsMatching(q: string): string[] {
  const needle = q.toLowerCase();
  return Object.entries(AUDIT_ACTIONS)
    .filter(([name, { label }]) => name.includes(needle) || label.toLowerCase().includes(needle))
    .map(([name]) => name);
}

export type TFilterSqlOptions = {
  now: Date;
  /** False when the actor may not read `reason`: searching it would reveal hidden text. */
  searchReason: boolean;
};

function freeText(q: string, opts: TFilterSqlOptions): SQL {
  const pattern = `%${escapeLike(q)}%`;
  const parts: (SQL | undefined)[] = [ilike(auditEvents.targetId, pattern), ilike(auditEvents.action, pattern)];
  const actions = actionsMatching(q);
  if (actions.length > 0) parts.push(inArray(auditEvents.action, actions));
  if (opts.searchReason) parts.push(ilike(auditEvents.reason, pattern));
  return or(...parts) as SQL;
}

/** The conditions for `filter` (AND-ed by the caller with the actor's rule SQL and the keyset). */
export function auditFilterToSql(filter: TAuditFilter, opts: TFilterSqlOptions): SQL {
  const where: (SQL | undefined)[] = [eq(auditEvents.chain, filter.chain)];
  if (filter.actor) where.push(eq(auditEvents.actorId, filter.actor));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.category) where.push(like(auditEvents.action, `${escapeLike(filter.category)}.%`));
  if (filter.targetType) where.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditEvents.targetId, filter.targetId));
  if (filter.result) where.push(eq(auditEvents.result, filter.result));
  if (filter.preset) where.push(gte(auditEvents.occurredAt, new Date(opts.now.getTime() - AUDIT_PRESETS[filter.preset])));
  if (filter.from) where.push(gte(auditEvents.occurredAt, new Date(filter.from)));
  if (filter.to) where.push(lte(auditEvents.occurredAt, new Date(filter.to)));
  if (filter.requestId) where.push(eq(auditEvents.requestId, filter.requestId));
  if (filter.ip) {
    const ip = parseIpFilter(filter.ip);
    if (ip?.kind === 'exact') where.push(eq(auditEvents.ip, ip.address));
    // Stored IPs are normalised by appendAuditEvent, so the cast cannot fail; an address of the
    // other family is simply not contained (inet <<= is false across families).
    if (ip?.kind === 'cidr') where.push(sql`(${auditEvents.ip})::inet <<= (${ip.network})::inet`);
  }
  if (filter.q) where.push(freeText(filter.q, opts));
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (cursor !== null) where.push(lt(auditEvents.seq, cursor));
  return and(...where) as SQL;
}
