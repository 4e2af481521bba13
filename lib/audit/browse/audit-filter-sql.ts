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

/** The columns of an AuditEvent's permission record, with their own types (for selects that check rules per row). */
export const AUDIT_CONDITION_SELECT = {
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

/** Where each filterable AuditEvent field of a role's conditions lives (see subject-fields). */
export const AUDIT_EVENT_COLUMNS: TColumnMap<'AuditEvent'> = AUDIT_CONDITION_SELECT;

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
  /** The rows whose `reason` the actor may read (see audit-field-sql); free text matches reasons only there. Default: every row. */
  reasonVisible?: SQL;
  /** The rows whose `ip` the actor may read; an IP/CIDR filter matches only there. Default: every row. */
  ipVisible?: SQL;
};

function freeText(q: string, opts: TFilterSqlOptions): SQL {
  const pattern = `%${escapeLike(q)}%`;
  const parts: (SQL | undefined)[] = [ilike(auditEvents.targetId, pattern), ilike(auditEvents.action, pattern)];
  const actions = actionsMatching(q);
  if (actions.length > 0) parts.push(inArray(auditEvents.action, actions));
  if (opts.searchReason) parts.push(and(opts.reasonVisible, ilike(auditEvents.reason, pattern)));
  return or(...parts) as SQL;
}

/**
 * How far occurred_at may run out of seq order within a chain: clock skew between servers, or
 * an event stamped before it is sequenced (a queued append). The date-range seq bounds below
 * are widened by this much, so they hold as long as no event is out of order by more.
 */
export const AUDIT_OCCURRED_AT_SLACK_MS = 5 * 60_000;

const MAX_SEQ = sql.raw('9223372036854775807');

/**
 * Seq bounds implied by a date range, so `ORDER BY seq DESC LIMIT n` starts inside the range
 * instead of walking back from the head (and stops at its start when few rows match). Each is
 * read from the (chain, occurred_at) index. Proof that no matching row is excluded, given
 * seq a < b ⇒ occurred_at(b) ≥ occurred_at(a) − SLACK: any row x stamped after to + SLACK
 * has only successors stamped after `to`, so matches lie below seq(x); any row y stamped
 * before from − SLACK has only predecessors stamped before `from`, so matches lie above
 * seq(y). The occurred_at predicates stay: the bounds only narrow the scan.
 */
function seqBoundsOfRange(chain: string, from: Date | null, to: Date | null): SQL[] {
  const bounds: SQL[] = [];
  if (to) {
    const after = new Date(to.getTime() + AUDIT_OCCURRED_AT_SLACK_MS).toISOString();
    bounds.push(sql`${auditEvents.seq} < COALESCE((SELECT b.seq FROM audit_events b WHERE b.chain = ${chain} AND b.occurred_at > ${after}::timestamptz ORDER BY b.occurred_at LIMIT 1), ${MAX_SEQ})`);
  }
  if (from) {
    const before = new Date(from.getTime() - AUDIT_OCCURRED_AT_SLACK_MS).toISOString();
    bounds.push(sql`${auditEvents.seq} > COALESCE((SELECT b.seq FROM audit_events b WHERE b.chain = ${chain} AND b.occurred_at < ${before}::timestamptz ORDER BY b.occurred_at DESC LIMIT 1), 0)`);
  }
  return bounds;
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
  const from = filter.preset ? new Date(opts.now.getTime() - AUDIT_PRESETS[filter.preset]) : filter.from ? new Date(filter.from) : null;
  const to = filter.to ? new Date(filter.to) : null;
  if (from) where.push(gte(auditEvents.occurredAt, from));
  if (to) where.push(lte(auditEvents.occurredAt, to));
  where.push(...seqBoundsOfRange(filter.chain, from, to));
  if (filter.requestId) where.push(eq(auditEvents.requestId, filter.requestId));
  if (filter.ip) {
    if (opts.ipVisible) where.push(opts.ipVisible);
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
