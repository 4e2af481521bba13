/**
 * "Next unassigned": hands the actor the most urgent waiting item they may review, atomically.
 * `FOR UPDATE SKIP LOCKED` in the sub-select means concurrent reviewers each lock a different
 * row instead of queueing on the same one, so twenty simultaneous calls get twenty items.
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { env } from '@/lib/env';
import { auditActor } from './load-transaction';
import { permittedTransactions } from './queue-sql';
import { RISK_LEVELS } from './review-config';

/** Most urgent first: the earliest SLA deadline (received + the level's minutes), then the oldest. */
function dueOrder() {
  const minutes = env().review.slaMinutes;
  const cases = RISK_LEVELS.map((l) => sql`when ${l} then ${minutes[l]}`);
  return sql`${transactions.receivedAt} + make_interval(mins => (case ${transactions.riskLevel} ${sql.join(cases, sql` `)} end)::int)`;
}

export type TNextResult = { id: string; version: number } | null;

/** Claims and returns the next waiting item, or null when nothing is left for this reviewer. */
export async function claimNextUnassigned(db: TDb, actor: TActor): Promise<TNextResult> {
  await authorize(db, actor, 'review', 'Transaction');
  return db.transaction(async (tx) => {
    const candidate = tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(and(eq(transactions.status, 'frozen'), isNull(transactions.assigneeId), permittedTransactions(actor, 'review')))
      .orderBy(dueOrder(), asc(transactions.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await tx
      .update(transactions)
      .set({ assigneeId: actor.staff.id, claimedAt: new Date(), status: 'in_review', version: sql`${transactions.version} + 1` })
      .where(and(sql`${transactions.id} = (${candidate})`, eq(transactions.status, 'frozen'), isNull(transactions.assigneeId)))
      .returning({ id: transactions.id, version: transactions.version });
    if (!row) return null;
    await appendAuditEvent(tx, {
      ...auditActor(actor),
      action: 'transaction.claimed',
      target: { type: 'transaction', id: row.id },
      result: 'success',
      before: { status: 'frozen', assigneeId: null },
      after: { status: 'in_review', assigneeId: actor.staff.id },
      data: { via: 'next', version: row.version },
    });
    return row;
  });
}
