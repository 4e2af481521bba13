/**
 * "Retry now" for a failed or dead webhook delivery (update Settings): the row becomes due
 * immediately and keeps its attempt count, so a dead message that fails again is dead again
 * after one more try rather than starting a fresh series. Conditional update + audit in one
 * transaction; a delivered or already-pending row is a conflict, an unknown id a 404.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { outboxMessages } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';

export async function retryDeliveryNow(db: TDb, actor: TActor, input: unknown): Promise<{ id: string }> {
  const parsed = z.uuid().safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const id = parsed.data;
  await authorize(db, actor, 'update', 'Settings', undefined, id);
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx.select({ status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.id, id)).for('update');
    if (!row) return 'missing' as const;
    const updated = await tx
      .update(outboxMessages)
      .set({ status: 'pending', nextAttemptAt: new Date() })
      .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ['failed', 'dead'])))
      .returning({ id: outboxMessages.id });
    if (updated.length === 0) return row.status;
    await appendAuditEvent(tx, {
      action: 'outbox.delivery_retried',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'OutboxMessage', id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { outboxId: id, previousStatus: row.status },
    });
    return 'retried' as const;
  });
  if (outcome === 'missing') throw await denyAccess(db, actor, { action: 'update', subject: 'Settings', targetId: id, noun: 'delivery' }, 'NOT_FOUND');
  if (outcome !== 'retried') throw new AppError('CONFLICT', `This delivery is ${outcome}; only failed or dead deliveries can be retried.`);
  return { id };
}
