/**
 * Storing the outcome of one attempt, only if the row is still the one this worker leased
 * (same attempt count, not delivered or dead meanwhile): a worker whose lease ran out cannot
 * overwrite a later worker's result. Giving up (dead letter) is audited and alerts
 * administrators in the same transaction.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { outboxMessages } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import { retryDelayMs } from './backoff';
import type { TClaimedMessage } from './claim-due-messages';
import type { TPostResult } from './post-webhook';

export type TDeliveryPolicy = { maxAttempts: number; backoffMs: number; random?: () => number };
export type TDeliveryOutcome = 'delivered' | 'failed' | 'dead' | 'lost-lease';

function leased(message: TClaimedMessage) {
  return and(
    eq(outboxMessages.id, message.id),
    eq(outboxMessages.attempts, message.attempts),
    inArray(outboxMessages.status, ['pending', 'failed']),
  );
}

export async function recordDeliveryResult(
  db: TDb,
  message: TClaimedMessage,
  result: TPostResult,
  policy: TDeliveryPolicy,
  now: Date,
): Promise<TDeliveryOutcome> {
  if (result.ok) {
    const done = await db
      .update(outboxMessages)
      .set({ status: 'delivered', deliveredAt: now, lastError: null })
      .where(leased(message))
      .returning({ id: outboxMessages.id });
    return done.length === 1 ? 'delivered' : 'lost-lease';
  }
  const error = result.error.slice(0, 300);
  if (message.attempts < policy.maxAttempts) {
    const next = new Date(now.getTime() + retryDelayMs(message.attempts, policy.backoffMs, policy.random));
    const done = await db
      .update(outboxMessages)
      .set({ status: 'failed', lastError: error, nextAttemptAt: next })
      .where(leased(message))
      .returning({ id: outboxMessages.id });
    return done.length === 1 ? 'failed' : 'lost-lease';
  }
  return db.transaction(async (tx) => {
    const done = await tx.update(outboxMessages).set({ status: 'dead', lastError: error }).where(leased(message)).returning({ id: outboxMessages.id });
    if (done.length === 0) return 'lost-lease';
    await appendAuditEvent(tx, {
      action: 'outbox.delivery_dead',
      actor: { type: 'system' },
      target: { type: 'OutboxMessage', id: message.id },
      result: 'failure',
      reason: error,
      data: { outboxId: message.id, attempts: message.attempts, ...(result.status ? { lastStatus: result.status } : {}) },
    });
    await notifyAdministrators(tx, {
      kind: 'outbox.dead',
      severity: 'warning',
      title: `A webhook delivery (${message.topic}) gave up after ${message.attempts} attempts`,
      detail: { outboxId: message.id, href: '/settings/deliveries' },
    });
    return 'dead';
  });
}
