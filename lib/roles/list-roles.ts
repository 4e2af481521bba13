/** The roles list: every role the actor may read (filtered in SQL), with rule and assignment counts. */
import 'server-only';
import { asc, count, desc, eq, sql } from 'drizzle-orm';
import { roles, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { ROLE_COLUMNS } from './role-records';
import type { TRoleSummary } from './types';

// Far above any real console (the rule-set limits keep roles few); a bound, not pagination.
const MAX_ROLES = 500;

export async function listRoles(db: TDb, actor: TActor): Promise<TRoleSummary[]> {
  await authorize(db, actor, 'read', 'Role');
  const rows = await db
    .select({
      id: roles.id,
      key: roles.key,
      name: roles.name,
      description: roles.description,
      builtIn: roles.builtIn,
      ruleCount: sql<number>`jsonb_array_length(${roles.rules})`.mapWith(Number),
      assignedCount: count(staffRoles.staffId),
    })
    .from(roles)
    .leftJoin(staffRoles, eq(staffRoles.roleId, roles.id))
    .where(caslToSql(actor.ability, 'read', 'Role', ROLE_COLUMNS))
    .groupBy(roles.id)
    .orderBy(desc(roles.builtIn), asc(roles.name))
    .limit(MAX_ROLES);
  return rows.map((r) => ({ ...r, assignedCount: Number(r.assignedCount) }));
}
