/** One role for the editor: its rules, how many staff hold it, and what the actor may do with it. */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { asSubject } from '@/lib/permissions/as-subject';
import { countAssignments, findRoleFor, roleSubject } from './role-records';
import type { TRoleDetail } from './types';

export async function getRole(db: TDb, actor: TActor, id: unknown): Promise<TRoleDetail> {
  await authorize(db, actor, 'read', 'Role');
  const row = await findRoleFor(db, actor, 'read', id);
  const record = asSubject('Role', roleSubject(row));
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    builtIn: row.builtIn,
    rules: row.rules,
    assignedCount: await countAssignments(db, row.id),
    updatedAt: row.updatedAt.toISOString(),
    can: { update: actor.ability.can('update', record), delete: !row.builtIn && actor.ability.can('delete', record) },
  };
}
