/**
 * The signed-in person's notifications (addressed to them or to a role they hold), newest
 * first, keyset-paged, with their own read mark. Scoped in SQL: nobody can list another
 * person's notifications, so there is nothing to authorise beyond being signed in.
 */
import 'server-only';
import { and, count, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { notificationReads, notifications } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { audiencesOf } from './audiences';
import { decodeTimeIdCursor, encodeTimeIdCursor, ZTimeIdCursor } from './time-id-cursor';

export type TMyNotification = {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  href: string | null;
  createdAt: Date;
  read: boolean;
};
export type TMyNotificationsPage = { items: TMyNotification[]; nextCursor: string | null };

const ZListInput = z.strictObject({
  filter: z.enum(['all', 'unread']).default('all'),
  cursor: ZTimeIdCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

type TPerson = Pick<TActor, 'staff' | 'roles'>;

function readJoin(person: TPerson): SQL {
  return and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.staffId, person.staff.id))!;
}

function hrefOf(detail: Record<string, unknown>): string | null {
  const href = detail.href;
  return typeof href === 'string' && href.startsWith('/') && !href.startsWith('//') ? href : null;
}

export async function listMyNotifications(db: TDbOrTx, person: TPerson, input: unknown = {}): Promise<TMyNotificationsPage> {
  const parsed = ZListInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { filter, limit } = parsed.data;
  const cursor = parsed.data.cursor ? decodeTimeIdCursor(parsed.data.cursor) : null;
  const where = [inArray(notifications.audience, audiencesOf(person))];
  if (filter === 'unread') where.push(isNull(notificationReads.staffId));
  if (cursor) {
    where.push(or(lt(notifications.createdAt, cursor.at), and(eq(notifications.createdAt, cursor.at), lt(notifications.id, cursor.id)))!);
  }
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      severity: notifications.severity,
      title: notifications.title,
      detail: notifications.detail,
      createdAt: notifications.createdAt,
      readBy: notificationReads.staffId,
    })
    .from(notifications)
    .leftJoin(notificationReads, readJoin(person))
    .where(and(...where))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ detail, readBy, ...r }) => ({ ...r, href: hrefOf(detail), read: readBy !== null }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeTimeIdCursor({ at: last.createdAt, id: last.id }) : null };
}

/** How many of the person's notifications they have not read yet. */
export async function countMyUnreadNotifications(db: TDbOrTx, person: TPerson): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .leftJoin(notificationReads, readJoin(person))
    .where(and(inArray(notifications.audience, audiencesOf(person)), isNull(notificationReads.staffId)));
  return Number(row?.n ?? 0);
}
