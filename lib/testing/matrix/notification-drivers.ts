/**
 * How the matrix calls the notification-centre and delivery-administration actions: a fresh
 * unread notification (or failed delivery) as the target, and the database row that shows
 * the effect.
 */
import { and, eq } from 'drizzle-orm';
import { notificationReads, outboxMessages } from '@/db/schema';
import * as notificationActions from '@/app/(console)/notifications/actions';
import * as deliveryActions from '@/app/(console)/settings/deliveries/actions';
import { personalNotification } from './notification-targets';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function isRead(setup: TCellSetup, notificationId: string): Promise<boolean> {
  const staffId = setup.principal.person?.staffId;
  if (!staffId) return false;
  const rows = await setup.db
    .select()
    .from(notificationReads)
    .where(and(eq(notificationReads.notificationId, notificationId), eq(notificationReads.staffId, staffId)));
  return rows.length === 1;
}

export const NOTIFICATION_DRIVERS = {
  markNotificationReadAction: {
    target: 'notification',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await notificationActions.markNotificationReadAction(id)),
        happened: () => isRead(setup, id),
      };
    },
  },
  markAllNotificationsReadAction: {
    target: null,
    prepare: async (setup) => {
      const staffId = setup.principal.person?.staffId;
      const id = staffId ? await personalNotification(setup.db, staffId) : null;
      return {
        call: async () => outcomeOfAction(await notificationActions.markAllNotificationsReadAction()),
        happened: async () => id !== null && isRead(setup, id),
      };
    },
  },
  retryDeliveryAction: {
    target: 'delivery',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await deliveryActions.retryDeliveryAction(id)),
        happened: async () => (await setup.db.select().from(outboxMessages).where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, 'pending')))).length === 1,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
