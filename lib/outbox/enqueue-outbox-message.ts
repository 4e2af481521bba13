/**
 * Enqueues an external effect (webhook, notification) in the caller's transaction: the row
 * exists exactly when the change that caused it committed. The idempotency key is unique, so
 * enqueuing the same effect twice (a retried executor, a replayed step) keeps the first row.
 */
import 'server-only';
import { z } from 'zod';
import { outboxMessages } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { canonicalJson } from '@/lib/audit/canonical-json';

const ZOutboxInput = z.strictObject({
  topic: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9_-]+)+$/, 'a dotted topic like notification.approval.executed').max(100),
  idempotencyKey: z.string().min(8).max(200),
  payload: z.record(z.string(), z.unknown()),
  /** Do not deliver before this time (default: now). */
  notBefore: z.date().optional(),
});
export type TOutboxInput = z.input<typeof ZOutboxInput>;

const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Returns the row id and whether this call created it (false: the key was already enqueued). */
export async function enqueueOutboxMessage(tx: TDbOrTx, input: TOutboxInput): Promise<{ id: string | null; created: boolean }> {
  const m = ZOutboxInput.parse(input);
  // Canonical JSON refuses values that would not survive storage (bigint, NaN), so receivers get what was hashed.
  const size = Buffer.byteLength(canonicalJson(m.payload));
  if (size > MAX_PAYLOAD_BYTES) throw new Error(`outbox payload too large (${size} bytes)`);
  const [row] = await tx
    .insert(outboxMessages)
    .values({ topic: m.topic, idempotencyKey: m.idempotencyKey, payload: m.payload, ...(m.notBefore ? { nextAttemptAt: m.notBefore } : {}) })
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
    .returning({ id: outboxMessages.id });
  return { id: row?.id ?? null, created: Boolean(row) };
}
