/** One staff member's administrative view: roles, status, passkeys, last sign-in, open sessions. */
import 'server-only';
import { and, count, eq, gt, isNull, max } from 'drizzle-orm';
import { z } from 'zod';
import { passkeys, roles, sessions, staff, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';

export type TStaffMemberView = {
  id: string; name: string; email: string; status: 'active' | 'disabled'; createdAt: Date;
  roles: { id: string; key: string; name: string }[];
  passkeyCount: number; lastSignInAt: Date | null; openSessions: number;
};

export async function getStaffMember(db: TDb, actor: TActor, rawId: unknown): Promise<TStaffMemberView> {
  await authorize(db, actor, 'read', 'Staff');
  const parsed = z.string().uuid().safeParse(rawId);
  const id = parsed.success ? parsed.data : null;
  const [person] = id ? await db.select().from(staff).where(eq(staff.id, id)) : [];
  if (!person) throw await denyAccess(db, actor, { action: 'read', subject: 'Staff', ...(id ? { targetId: id } : {}) }, 'NOT_FOUND');
  const [held, [keys], [signIns]] = await Promise.all([
    db.select({ id: roles.id, key: roles.key, name: roles.name }).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).where(eq(staffRoles.staffId, person.id)).orderBy(roles.name),
    db.select({ n: count() }).from(passkeys).where(eq(passkeys.staffId, person.id)),
    db.select({ last: max(sessions.createdAt) }).from(sessions).where(eq(sessions.staffId, person.id)),
  ]);
  const [open] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.staffId, person.id), isNull(sessions.endedAt), gt(sessions.expiresAt, new Date())));
  return {
    id: person.id, name: person.name, email: person.email, status: person.status, createdAt: person.createdAt,
    roles: held,
    passkeyCount: Number(keys?.n ?? 0),
    lastSignInAt: signIns?.last ? new Date(signIns.last) : null,
    openSessions: Number(open?.n ?? 0),
  };
}
