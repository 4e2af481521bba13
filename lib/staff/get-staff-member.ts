/** One staff member's administrative view: roles, status, passkeys, last sign-in, open sessions. */
import 'server-only';
import { and, count, eq, gt, isNull, max } from 'drizzle-orm';
import { z } from 'zod';
import { passkeys, roles, sessions, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { pickPermitted } from '@/lib/permissions/permitted-fields';
import { findStaffFor, staffSubject } from './staff-ability';

export type TStaffMemberView = {
  /** Name, email and createdAt are '' / null when field rules withhold them. */
  id: string; name: string; email: string; status: 'active' | 'disabled'; createdAt: Date | null;
  roles: { id: string; key: string; name: string }[];
  passkeyCount: number; lastSignInAt: Date | null; openSessions: number;
};

export async function getStaffMember(db: TDb, actor: TActor, rawId: unknown): Promise<TStaffMemberView> {
  await authorize(db, actor, 'read', 'Staff');
  const parsed = z.string().uuid().safeParse(rawId);
  // On the record: `read Staff where region = ${actor.region}` shows only some people.
  const person = await findStaffFor(db, actor, 'read', parsed.success ? parsed.data : undefined);
  // Field rules ("read Staff fields id, name") blank what the actor may not see, as in the directory.
  const visible = pickPermitted({ name: person.name, email: person.email, createdAt: person.createdAt }, actor.ability, 'read', 'Staff', staffSubject(person));
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
    id: person.id, name: visible.name ?? '', email: visible.email ?? '', status: person.status, createdAt: visible.createdAt ?? null,
    roles: held,
    passkeyCount: Number(keys?.n ?? 0),
    lastSignInAt: signIns?.last ? new Date(signIns.last) : null,
    openSessions: Number(open?.n ?? 0),
  };
}
