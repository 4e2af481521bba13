/**
 * The review queue's filter as SQL: every condition is written so the (status, level,
 * received_at, id) / (status, received_at, id) / (status, risk_score, id) indexes can serve it
 * (the SLA state is a per-level range on received_at, not arithmetic on the column).
 */
import 'server-only';
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { caslToSql, type TColumnMap } from '@/lib/permissions/casl-to-sql';
import type { TAction } from '@/lib/permissions/vocabulary';
import { AGE_HOURS, OPEN_STATUSES, type TQueueFilter } from './queue-filter';
import { RISK_LEVELS, type TSlaMinutes } from './review-config';
import { DUE_SOON_MINUTES, SLA_STATUSES } from './sla';

/**
 * The columns of a Transaction's permission record, with their own types, for selects whose
 * rows go through transactionRecord (field rules checked per row).
 */
export const RECORD_SELECT = {
  id: transactions.id,
  amountMinor: transactions.amountMinor,
  currency: transactions.currency,
  status: transactions.status,
  riskLevel: transactions.riskLevel,
  riskScore: transactions.riskScore,
  assigneeId: transactions.assigneeId,
  merchantCountry: transactions.merchantCountry,
  merchantCategoryCode: transactions.merchantCategoryCode,
  region: transactions.region,
  receivedAt: transactions.receivedAt,
};

/** Where each filterable Transaction field of the permission vocabulary lives (`createdAt` is when it was received). */
const { receivedAt, ...sameName } = RECORD_SELECT;
export const TRANSACTION_COLUMNS: TColumnMap<'Transaction'> = { ...sameName, createdAt: receivedAt };

/** Rows the actor may `action` (default read), filtered in SQL by their CASL rules. */
export function permittedTransactions(actor: Pick<TActor, 'ability'>, action: TAction = 'read'): SQL {
  return caslToSql(actor.ability, action, 'Transaction', TRANSACTION_COLUMNS);
}

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** Open items in SLA state `state` at `now`, as per-level ranges on received_at. */
export function slaStateSql(state: 'overdue' | 'due_soon' | 'on_time', minutes: TSlaMinutes, now: Date): SQL {
  const perLevel = RISK_LEVELS.map((level) => {
    const due = ago(now, minutes[level]); // received before this → overdue
    const soon = ago(now, minutes[level] - DUE_SOON_MINUTES); // received before this → due soon
    const range =
      state === 'overdue' ? lte(transactions.receivedAt, due) : state === 'due_soon' ? and(sql`${transactions.receivedAt} > ${due}`, lte(transactions.receivedAt, soon)) : sql`${transactions.receivedAt} > ${soon}`;
    return and(eq(transactions.riskLevel, level), range);
  });
  return and(SLA_STATUS_SQL, or(...perLevel)) as SQL;
}

/**
 * Status lists as SQL literals (constants, never user input): with prepared statements a
 * parameterised IN list cannot prove the partial indexes' predicates, so the planner would skip them.
 */
const statusList = (statuses: readonly string[]) => sql.raw(statuses.map((s) => `'${s}'`).join(', '));
export const OPEN_STATUS_SQL = sql`${transactions.status} in (${statusList(OPEN_STATUSES)})`;
const SLA_STATUS_SQL = sql`${transactions.status} in (${statusList(SLA_STATUSES)})`;

function statusSql(status: TQueueFilter['status']): SQL | undefined {
  if (status === 'all') return undefined;
  if (status === 'open') return OPEN_STATUS_SQL;
  return eq(transactions.status, status);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The URL filter (without the keyset position) as one WHERE fragment. */
export function queueFilterSql(f: TQueueFilter, ctx: { actorId: string; sla: TSlaMinutes; now: Date }): SQL | undefined {
  const parts: (SQL | undefined)[] = [statusSql(f.status)];
  if (f.level) parts.push(inArray(transactions.riskLevel, f.level));
  if (f.scoreMin !== undefined) parts.push(gte(transactions.riskScore, f.scoreMin));
  if (f.scoreMax !== undefined) parts.push(lte(transactions.riskScore, f.scoreMax));
  if (f.amountMinMinor !== null) parts.push(gte(transactions.amountMinor, f.amountMinMinor));
  if (f.amountMaxMinor !== null) parts.push(lte(transactions.amountMinor, f.amountMaxMinor));
  if (f.currency) parts.push(eq(transactions.currency, f.currency));
  if (f.country) parts.push(eq(transactions.merchantCountry, f.country));
  if (f.merchant) parts.push(ilike(transactions.merchantName, `%${escapeLike(f.merchant)}%`));
  if (f.age) {
    const [minH, maxH] = AGE_HOURS[f.age];
    parts.push(lte(transactions.receivedAt, ago(ctx.now, minH * 60)));
    if (maxH !== null) parts.push(sql`${transactions.receivedAt} > ${ago(ctx.now, maxH * 60)}`);
  }
  if (f.assignee === 'me') parts.push(eq(transactions.assigneeId, ctx.actorId));
  else if (f.assignee === 'none') parts.push(isNull(transactions.assigneeId));
  else if (f.assignee && f.assignee !== 'any') parts.push(eq(transactions.assigneeId, f.assignee));
  if (f.sla) parts.push(slaStateSql(f.sla, ctx.sla, ctx.now));
  return and(...parts);
}

/** ORDER BY and the keyset condition "after the cursor" for the filter's sort. */
export function queueOrder(f: TQueueFilter): { orderBy: SQL[]; after: SQL | undefined } {
  const p = f.position;
  switch (f.sort) {
    case 'oldest':
      return { orderBy: [asc(transactions.receivedAt), asc(transactions.id)], after: p ? sql`(${transactions.receivedAt}, ${transactions.id}) > (${p.k}::timestamptz, ${p.id})` : undefined };
    case 'newest':
      return { orderBy: [desc(transactions.receivedAt), desc(transactions.id)], after: p ? sql`(${transactions.receivedAt}, ${transactions.id}) < (${p.k}::timestamptz, ${p.id})` : undefined };
    case 'score':
      return { orderBy: [desc(transactions.riskScore), desc(transactions.id)], after: p ? sql`(${transactions.riskScore}, ${transactions.id}) < (${Number(p.k)}, ${p.id})` : undefined };
    case 'amount':
      return { orderBy: [desc(transactions.amountMinor), desc(transactions.id)], after: p ? sql`(${transactions.amountMinor}, ${transactions.id}) < (${BigInt(p.k)}, ${p.id})` : undefined };
  }
}

/** The row's cursor key as text, computed by Postgres (timestamps keep their microseconds). */
export function sortKeySql(f: TQueueFilter): SQL<string> {
  if (f.sort === 'score') return sql<string>`${transactions.riskScore}::text`;
  if (f.sort === 'amount') return sql<string>`${transactions.amountMinor}::text`;
  return sql<string>`to_char(${transactions.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
