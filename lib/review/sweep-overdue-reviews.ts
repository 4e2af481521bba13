/**
 * Overdue notifications: finds open items past their SLA that were not reported yet, stamps
 * `sla_due_at` with the missed deadline (the "reported" marker, so each item is reported once),
 * notifies the assignee (or every compliance officer when nobody holds it) and audits it, all
 * in one transaction per batch. `FOR UPDATE SKIP LOCKED` lets two instances sweep side by side.
 */
import 'server-only';
import { and, isNull, sql } from 'drizzle-orm';
import { notifications, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { notifyStaff } from '@/lib/notifications/notify-staff';
import { slaStateSql } from './queue-sql';
import { slaDueAt } from './sla';

export const SWEEP_BATCH = 200;
export const REVIEWER_AUDIENCE = 'compliance-officer';

export async function sweepOverdueReviews(db: TDb, now = new Date()): Promise<{ reported: number }> {
  const minutes = env().review.slaMinutes;
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: transactions.id, externalId: transactions.externalId, receivedAt: transactions.receivedAt, riskLevel: transactions.riskLevel, assigneeId: transactions.assigneeId })
      .from(transactions)
      .where(and(slaStateSql('overdue', minutes, now), isNull(transactions.slaDueAt)))
      .orderBy(transactions.receivedAt)
      .limit(SWEEP_BATCH)
      .for('update', { skipLocked: true });
    for (const item of due) {
      const dueAt = slaDueAt(item.receivedAt, item.riskLevel, minutes);
      await tx.update(transactions).set({ slaDueAt: dueAt }).where(sql`${transactions.id} = ${item.id}`);
      const notice = { kind: 'review.overdue', severity: item.riskLevel === 'critical' || item.riskLevel === 'high' ? ('critical' as const) : ('warning' as const), title: `Review overdue: ${item.externalId} (${item.riskLevel} risk)` };
      if (item.assigneeId) await notifyStaff(tx, [item.assigneeId], { ...notice, href: `/transactions/${item.id}` });
      else await tx.insert(notifications).values({ audience: REVIEWER_AUDIENCE, ...notice, detail: { href: `/transactions/${item.id}`, transactionId: item.id } });
      await appendAuditEvent(tx, {
        action: 'transaction.sla_overdue',
        actor: { type: 'system' },
        target: { type: 'transaction', id: item.id },
        result: 'success',
        data: { level: item.riskLevel, dueAt: dueAt.toISOString(), notified: 1 },
      });
    }
    return { reported: due.length };
  });
}

let timer: NodeJS.Timeout | undefined;

/** Runs the sweep every `everyMs` in this process (idempotent: a second call is ignored). */
export function startOverdueSweep(getDb: () => Promise<TDb>, everyMs = 60_000): void {
  if (timer) return;
  timer = setInterval(() => {
    void getDb()
      .then((db) => sweepOverdueReviews(db))
      .then((r) => (r.reported > 0 ? logger().info({ reported: r.reported }, 'overdue reviews reported') : undefined))
      .catch((e: unknown) => logger().error({ err: e instanceof Error ? e.message : 'error' }, 'overdue review sweep failed'));
  }, everyMs);
  timer.unref();
}

