/**
 * Marking one's own notifications read. Only notifications addressed to the person (or a role
 * they hold) can be marked; any other id is answered like a missing one (404) and the attempt is
 * audited. Each change is audited in the same transaction; marking something already read is a
 * no-op and writes nothing.
 */
import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notificationReads, notifications } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError, validationError } from '@/lib/errors';
import { audiencesOf } from './audiences';

const actorOf = (actor: TActor) => ({ type: 'staff' as const, id: actor.staff.id });
const metaOf = (actor: TActor) => ({ ...actor.meta, sessionId: actor.session.id });
const sqlStaffId = (actor: TActor) => sql<string>`${actor.staff.id}::uuid`.as('staff_id');

/** The refusal for an id the person may not see: audited in its own transaction, then a plain 404. */
async function refuseInvisible(db: TDb, actor: TActor, notificationId: string): Promise<AppError> {
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'authz.denied',
      actor: actorOf(actor),
      target: { type: 'Notification', id: notificationId },
      result: 'denied',
      reason: 'not visible to the actor',
      meta: metaOf(actor),
      data: { action: 'update', subject: 'Notification', targetId: notificationId },
    }),
  );
  return new AppError('NOT_FOUND', 'No such notification.');
}

/** Marks one notification read; returns whether this call changed anything. */
export async function markNotificationRead(db: TDb, actor: TActor, input: unknown): Promise<{ changed: boolean }> {
  const parsed = z.uuid().safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const id = parsed.data;
  const changed = await db.transaction(async (tx) => {
    const [visible] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), inArray(notifications.audience, audiencesOf(actor))));
    if (!visible) return null;
    const inserted = await tx
      .insert(notificationReads)
      .values({ notificationId: id, staffId: actor.staff.id })
      .onConflictDoNothing()
      .returning({ id: notificationReads.notificationId });
    if (inserted.length === 0) return false;
    await appendAuditEvent(tx, {
      action: 'notification.marked_read',
      actor: actorOf(actor),
      target: { type: 'Notification', id },
      result: 'success',
      meta: metaOf(actor),
      data: { scope: 'one', count: 1 },
    });
    return true;
  });
  if (changed === null) throw await refuseInvisible(db, actor, id);
  return { changed };
}

/** Marks every unread notification of the person read; returns how many changed. */
export async function markAllNotificationsRead(db: TDb, actor: TActor): Promise<{ count: number }> {
  return db.transaction(async (tx) => {
    const unread = tx
      .select({ notificationId: notifications.id, staffId: sqlStaffId(actor), readAt: sql<Date>`now()`.as('read_at') })
      .from(notifications)
      .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.staffId, actor.staff.id)))
      .where(and(inArray(notifications.audience, audiencesOf(actor)), isNull(notificationReads.staffId)));
    const inserted = await tx.insert(notificationReads).select(unread).onConflictDoNothing().returning({ id: notificationReads.notificationId });
    if (inserted.length > 0) {
      await appendAuditEvent(tx, {
        action: 'notification.marked_read',
        actor: actorOf(actor),
        result: 'success',
        meta: metaOf(actor),
        data: { scope: 'all', count: inserted.length },
      });
    }
    return { count: inserted.length };
  });
}
