/**
 * Personal notifications ("a request waits for your step", "your request was executed").
 * Written with the caller's transaction, so a notification exists exactly when the change that
 * caused it committed. `href` (a path inside the console) is where the notification leads.
 */
import 'server-only';
import { z } from 'zod';
import { notifications } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { staffAudience } from './audiences';

/** A same-origin path only: never an absolute or protocol-relative URL a notification could send people to. */
export const ZConsolePath = z
  .string()
  .max(300)
  .regex(/^\/(?!\/)[A-Za-z0-9\-._~/?=&%]*$/, 'must be a path inside the console');

const ZStaffNotification = z.strictObject({
  kind: z.string().min(1).max(64),
  severity: z.enum(['info', 'warning', 'critical']).default('info'),
  title: z.string().min(1).max(300),
  href: ZConsolePath.optional(),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type TStaffNotificationInput = z.input<typeof ZStaffNotification>;

/** Stores one notification per recipient (duplicates removed); returns their ids. */
export async function notifyStaff(tx: TDbOrTx, staffIds: readonly string[], input: TStaffNotificationInput): Promise<{ ids: string[] }> {
  const n = ZStaffNotification.parse(input);
  const recipients = [...new Set(staffIds.map((id) => z.uuid().parse(id)))];
  if (recipients.length === 0) return { ids: [] };
  const { href, detail, ...rest } = n;
  const rows = await tx
    .insert(notifications)
    .values(recipients.map((id) => ({ audience: staffAudience(id), ...rest, detail: href ? { ...detail, href } : detail })))
    .returning({ id: notifications.id });
  return { ids: rows.map((r) => r.id) };
}
