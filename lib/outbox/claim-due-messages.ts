/**
 * Claiming work: due rows are locked with FOR UPDATE SKIP LOCKED (a second worker skips them
 * instead of waiting) and leased by moving next_attempt_at past the lease and counting the
 * attempt, all in one short transaction. The HTTP call happens after commit, so no lock or
 * connection is held while a receiver is slow; the attempt count is the lease token that the
 * result must match (see record-delivery-result.ts).
 */
import 'server-only';
import { and, asc, inArray, lte, sql } from 'drizzle-orm';
import { outboxMessages } from '@/db/schema';
import type { TDb } from '@/db/types';

export type TClaimedMessage = Pick<typeof outboxMessages.$inferSelect, 'id' | 'topic' | 'idempotencyKey' | 'payload' | 'attempts' | 'createdAt'>;

export async function claimDueMessages(db: TDb, { limit, leaseMs, now }: { limit: number; leaseMs: number; now: Date }): Promise<TClaimedMessage[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(inArray(outboxMessages.status, ['pending', 'failed']), lte(outboxMessages.nextAttemptAt, now)))
      .orderBy(asc(outboxMessages.nextAttemptAt), asc(outboxMessages.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outboxMessages)
      .set({ attempts: sql`${outboxMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(inArray(outboxMessages.id, due.map((d) => d.id)))
      .returning({
        id: outboxMessages.id,
        topic: outboxMessages.topic,
        idempotencyKey: outboxMessages.idempotencyKey,
        payload: outboxMessages.payload,
        attempts: outboxMessages.attempts,
        createdAt: outboxMessages.createdAt,
      });
  });
}
