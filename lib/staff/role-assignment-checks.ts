/**
 * Who may change whose roles, on the records: `assign` on the person (a grant such as
 * `assign Staff where region = ${actor.region}`) and `assign` on every role added or removed (a
 * grant such as `assign Role where key $in ${actor.roleKeys}`: only roles one holds). Checked
 * when the change is asked for and again, with the requester's current ability, when an
 * approved `staff.assign-roles` request executes.
 */
import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { roles, staff, staffRoles } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import type { TAppAbility } from '@/lib/permissions/ability';
import { asSubject } from '@/lib/permissions/as-subject';
import { roleSubject } from '@/lib/roles/role-records';
import { staffSubject } from './staff-ability';

export type TAssignTarget = { id: string; name: string; status: 'active' | 'disabled'; region: string | null; createdAt: Date };
export type TAssignableRole = { id: string; key: string; builtIn: boolean; rules: unknown };

export async function loadAssignTarget(db: TDbOrTx, staffId: string): Promise<TAssignTarget | undefined> {
  const [row] = await db.select({ id: staff.id, name: staff.name, status: staff.status, region: staff.region, createdAt: staff.createdAt }).from(staff).where(eq(staff.id, staffId));
  return row;
}

/** The roles a person holds now and those of `roleIds` (the roles of `roleIds` that exist). */
export async function loadRoleChange(db: TDbOrTx, staffId: string, roleIds: readonly string[]) {
  const columns = { id: roles.id, key: roles.key, builtIn: roles.builtIn, rules: roles.rules };
  const chosen: TAssignableRole[] = roleIds.length ? await db.select(columns).from(roles).where(inArray(roles.id, [...roleIds])) : [];
  const current: TAssignableRole[] = await db.select(columns).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).where(eq(staffRoles.staffId, staffId));
  const added = chosen.filter((r) => !current.some((c) => c.id === r.id));
  const removed = current.filter((r) => !roleIds.includes(r.id));
  return { chosen, current, added, removed };
}

/** What the ability may not do to this person's roles: the person, a role, or nothing (null). */
export function refusedRoleAssignment(ability: TAppAbility, target: TAssignTarget, changed: readonly TAssignableRole[]): { subject: 'Staff' | 'Role'; id: string } | null {
  if (!ability.can('assign', asSubject('Staff', staffSubject(target)))) return { subject: 'Staff', id: target.id };
  const role = changed.find((r) => !ability.can('assign', asSubject('Role', roleSubject(r))));
  return role ? { subject: 'Role', id: role.id } : null;
}
