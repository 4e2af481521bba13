/** Which notification each staff member has read (a notification may reach many people through a role audience). */
import { index, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';
import { notifications } from './system';

export const notificationReads = pgTable(
  'notification_reads',
  {
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    staffId: uuid()
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    readAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // One read mark per person and notification: marking twice is a no-op, never a second row.
  (t) => [primaryKey({ columns: [t.notificationId, t.staffId] }), index('notification_reads_staff_idx').on(t.staffId)],
);
