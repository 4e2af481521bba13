/** Alerts addressed to any role the signed-in person holds (audience = role key). */
import 'server-only';
import { desc, inArray } from 'drizzle-orm';
import { notifications } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';

export async function listMyAlerts(db: TDb, actor: Pick<TActor, 'roles'>, limit = 20) {
  const audiences = actor.roles.map((r) => r.key);
  if (audiences.length === 0) return [];
  return db
    .select({ id: notifications.id, severity: notifications.severity, title: notifications.title, createdAt: notifications.createdAt })
    .from(notifications)
    .where(inArray(notifications.audience, audiences))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}
