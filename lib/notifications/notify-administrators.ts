/**
 * Alerts for administrators (suspended passkeys, repeated sign-in failures, a broken audit
 * chain). Written with the caller's transaction so an alert exists exactly when the event
 * that caused it was committed.
 */
import 'server-only';
import { z } from 'zod';
import { notifications } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';

export const ADMINISTRATOR_AUDIENCE = 'administrator';

const ZNotification = z.strictObject({
  kind: z.string().min(1).max(64),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string().min(1).max(300),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type TNotificationInput = z.input<typeof ZNotification>;

/** Stores one notification for the administrator audience; returns its id. */
export async function notifyAdministrators(tx: TDbOrTx, input: TNotificationInput): Promise<{ id: string }> {
  const n = ZNotification.parse(input);
  const [row] = await tx
    .insert(notifications)
    .values({ audience: ADMINISTRATOR_AUDIENCE, ...n })
    .returning({ id: notifications.id });
  return { id: row!.id };
}
