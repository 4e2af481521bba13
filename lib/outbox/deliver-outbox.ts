/**
 * The delivery worker's one pass: claim due outbox rows, POST each as signed JSON to the
 * configured webhook, record the outcome (delivered, retry later with backoff, or dead after
 * the last attempt). Without a configured URL nothing is claimed: rows stay pending, visibly,
 * until a receiver exists. Safe to run from several processes at once (see claim-due-messages).
 */
import 'server-only';
import { count, inArray } from 'drizzle-orm';
import { outboxMessages } from '@/db/schema';
import type { TDb } from '@/db/types';
import { claimDueMessages, type TClaimedMessage } from './claim-due-messages';
import { postWebhook, type TWebhookTarget } from './post-webhook';
import { recordDeliveryResult, type TDeliveryOutcome, type TDeliveryPolicy } from './record-delivery-result';

export type TOutboxConfig = TDeliveryPolicy & {
  target: TWebhookTarget | null;
  batchSize?: number;
  /** How long a claimed row is reserved for this worker before another may try it. */
  leaseMs?: number;
};

export type TDeliveryPass =
  | { configured: false; pending: number }
  | { configured: true; claimed: number; outcomes: Record<TDeliveryOutcome, number> };

/** The exact bytes that are signed and sent. */
export function webhookBody(m: TClaimedMessage): string {
  return JSON.stringify({ id: m.id, topic: m.topic, idempotencyKey: m.idempotencyKey, createdAt: m.createdAt.toISOString(), attempt: m.attempts, payload: m.payload });
}

export async function deliverDueOutboxMessages(db: TDb, config: TOutboxConfig, now: () => Date = () => new Date()): Promise<TDeliveryPass> {
  if (!config.target) {
    const [row] = await db.select({ n: count() }).from(outboxMessages).where(inArray(outboxMessages.status, ['pending', 'failed']));
    return { configured: false, pending: Number(row?.n ?? 0) };
  }
  const target = config.target;
  const claimed = await claimDueMessages(db, { limit: config.batchSize ?? 20, leaseMs: config.leaseMs ?? 60_000, now: now() });
  const outcomes: Record<TDeliveryOutcome, number> = { delivered: 0, failed: 0, dead: 0, 'lost-lease': 0 };
  await Promise.all(
    claimed.map(async (m) => {
      const result = await postWebhook(target, webhookBody(m), m.idempotencyKey, now().getTime());
      outcomes[await recordDeliveryResult(db, m, result, config, now())]++;
    }),
  );
  return { configured: true, claimed: claimed.length, outcomes };
}
