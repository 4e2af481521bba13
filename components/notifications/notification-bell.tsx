import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { countMyUnreadNotifications, listMyNotifications } from '@/lib/notifications/list-my-notifications';
import { NotificationBellMenu } from './notification-bell-menu';

/** The header bell: unread count and the newest few notifications, loaded on the server for the signed-in person. */
export async function NotificationBell() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const [unread, page] = await Promise.all([countMyUnreadNotifications(db, actor), listMyNotifications(db, actor, { limit: 6 })]);
  return (
    <NotificationBellMenu
      unread={unread}
      items={page.items.map((n) => ({ id: n.id, title: n.title, href: n.href, read: n.read, severity: n.severity, createdAt: n.createdAt.toISOString() }))}
    />
  );
}
