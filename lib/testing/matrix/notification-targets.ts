/** Matrix fixtures for notifications and webhook deliveries (plain inserts, like targets.ts). */
import { randomUUID } from 'node:crypto';
import { notifications, outboxMessages } from '@/db/schema';
import type { TDb } from '@/db/types';
import { staffAudience } from '@/lib/notifications/audiences';

/** An unread notification addressed to one person. */
export async function personalNotification(db: TDb, staffId: string): Promise<string> {
  const [row] = await db
    .insert(notifications)
    .values({ audience: staffAudience(staffId), kind: 'matrix', severity: 'info', title: 'Matrix notification' })
    .returning({ id: notifications.id });
  return row!.id;
}

/** A webhook delivery that gave up or is waiting to retry. */
export async function failedDelivery(db: TDb, status: 'failed' | 'dead'): Promise<string> {
  const [row] = await db
    .insert(outboxMessages)
    .values({ topic: 'matrix.test', idempotencyKey: `matrix:${randomUUID()}`, payload: {}, status, attempts: 3, lastError: 'receiver answered HTTP 500', nextAttemptAt: new Date(Date.now() + 3600_000) })
    .returning({ id: outboxMessages.id });
  return row!.id;
}
