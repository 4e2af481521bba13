/**
 * Webhook deliveries for administrators (read Settings): counts per status and a keyset-paged
 * list of one status, newest first. Payloads are not shown: they may carry business data the
 * page has no reason to display; topic, key, attempts and the last error say what went wrong.
 */
import 'server-only';
import { and, count, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { OUTBOX_STATUSES, outboxMessages, type TOutboxStatus } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { validationError } from '@/lib/errors';
import { decodeTimeIdCursor, encodeTimeIdCursor, ZTimeIdCursor } from '@/lib/notifications/time-id-cursor';

export const ZListDeliveriesInput = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).default('dead'),
  cursor: ZTimeIdCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type TDeliveryRow = {
  id: string;
  topic: string;
  idempotencyKey: string;
  status: TOutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

export type TDeliveriesPage = { counts: Record<TOutboxStatus, number>; items: TDeliveryRow[]; nextCursor: string | null };

export async function listDeliveries(db: TDb, actor: TActor, input: unknown): Promise<TDeliveriesPage> {
  await authorize(db, actor, 'read', 'Settings');
  const parsed = ZListDeliveriesInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { status, limit } = parsed.data;
  const cursor = parsed.data.cursor ? decodeTimeIdCursor(parsed.data.cursor) : null;
  const where = [eq(outboxMessages.status, status)];
  if (cursor) where.push(or(lt(outboxMessages.createdAt, cursor.at), and(eq(outboxMessages.createdAt, cursor.at), lt(outboxMessages.id, cursor.id)))!);
  const [rows, tallies] = await Promise.all([
    db
      .select({
        id: outboxMessages.id,
        topic: outboxMessages.topic,
        idempotencyKey: outboxMessages.idempotencyKey,
        status: outboxMessages.status,
        attempts: outboxMessages.attempts,
        nextAttemptAt: outboxMessages.nextAttemptAt,
        lastError: outboxMessages.lastError,
        createdAt: outboxMessages.createdAt,
        deliveredAt: outboxMessages.deliveredAt,
      })
      .from(outboxMessages)
      .where(and(...where))
      .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
      .limit(limit + 1),
    db.select({ status: outboxMessages.status, n: count() }).from(outboxMessages).groupBy(outboxMessages.status),
  ]);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<TOutboxStatus, number>;
  for (const t of tallies) counts[t.status] = Number(t.n);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { counts, items, nextCursor: rows.length > limit && last ? encodeTimeIdCursor({ at: last.createdAt, id: last.id }) : null };
}
