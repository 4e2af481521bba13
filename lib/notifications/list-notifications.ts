/** The newest notifications for one audience (e.g. 'administrator'); the caller authorises. */
import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { notifications } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';

export type TNotification = typeof notifications.$inferSelect;

export async function listNotifications(db: TDbOrTx, audience: string, limit = 50): Promise<TNotification[]> {
  const n = Math.min(Math.max(Math.trunc(limit), 1), 500);
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.audience, audience))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(n);
}
