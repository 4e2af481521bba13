/**
 * The home page's review figures, all in SQL and all scoped by the actor's Transaction read
 * rules: open items by status and level, the oldest waiting item, SLA breaches, 14 days of
 * volume with freeze and decline rates, and the actor's own assigned items.
 */
import 'server-only';
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { queryReviewQueue } from './find-review-queue';
import { OPEN_STATUSES, parseQueueFilter } from './queue-filter';
import { permittedTransactions, RECORD_SELECT, slaStateSql } from './queue-sql';
import { transactionMasker, type TQueueItem } from './review-item';

export const CHART_DAYS = 14;

export type TDailyPoint = { day: string; total: number; frozen: number; declined: number; freezeRate: number; declineRate: number };
export type TReviewDashboard = {
  byStatus: { status: string; count: number }[];
  byLevel: { level: string; count: number }[];
  oldestFrozen: { id: string; reference: string; receivedAt: Date } | null;
  slaBreaches: number;
  daily: TDailyPoint[];
  mine: TQueueItem[];
};

function dayKeys(now: Date): string[] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: CHART_DAYS }, (_, i) => new Date(start - (CHART_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

const rate = (part: number, total: number) => (total === 0 ? 0 : Math.round((part / total) * 1000) / 10);

/** Null when the actor may not read transactions at all (the dashboard then shows nothing of it). */
export async function getReviewDashboard(db: TDb, actor: TActor, now = new Date()): Promise<TReviewDashboard | null> {
  if (!actor.ability.can('read', 'Transaction')) return null;
  const scope = permittedTransactions(actor);
  const open = and(inArray(transactions.status, [...OPEN_STATUSES]), scope);
  const days = dayKeys(now);
  const since = new Date(`${days[0]}T00:00:00Z`);
  const dayExpr = sql<string>`to_char(${transactions.receivedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const [byStatus, byLevel, [oldest], [breaches], daily, mine] = await Promise.all([
    db.select({ status: transactions.status, count: sql<number>`count(*)::int` }).from(transactions).where(open).groupBy(transactions.status),
    db.select({ level: transactions.riskLevel, count: sql<number>`count(*)::int` }).from(transactions).where(open).groupBy(transactions.riskLevel),
    db.select({ ...RECORD_SELECT, reference: transactions.externalId }).from(transactions).where(and(eq(transactions.status, 'frozen'), scope)).orderBy(asc(transactions.receivedAt)).limit(1),
    db.select({ n: sql<number>`count(*)::int` }).from(transactions).where(and(slaStateSql('overdue', env().review.slaMinutes, now), scope)),
    db
      .select({
        day: dayExpr,
        total: sql<number>`count(*)::int`,
        frozen: sql<number>`(count(*) filter (where ${transactions.decision} = 'review'))::int`,
        declined: sql<number>`(count(*) filter (where ${transactions.status} = 'declined'))::int`,
      })
      .from(transactions)
      .where(and(gte(transactions.receivedAt, since), scope))
      .groupBy(sql`1`),
    queryReviewQueue(db, actor, parseQueueFilter({ assignee: 'me', limit: '10', sort: 'oldest' }), now, false),
  ]);
  const perDay = new Map(daily.map((d) => [d.day, d]));
  return {
    byStatus,
    byLevel,
    // the reference is masked as in the queue when a field rule withholds it on that row
    oldestFrozen: oldest ? { id: oldest.id, reference: transactionMasker(actor, oldest)('reference', oldest.reference), receivedAt: oldest.receivedAt } : null,
    slaBreaches: breaches?.n ?? 0,
    daily: days.map((day) => {
      const d = perDay.get(day) ?? { total: 0, frozen: 0, declined: 0 };
      return { day, total: d.total, frozen: d.frozen, declined: d.declined, freezeRate: rate(d.frozen, d.total), declineRate: rate(d.declined, d.total) };
    }),
    mine: mine.items,
  };
}
