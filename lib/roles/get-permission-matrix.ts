/** The permission matrix page's data: every readable role × every (subject, action) pair of the vocabulary. */
import 'server-only';
import { asc, desc } from 'drizzle-orm';
import { roles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { SUBJECT_ACTIONS } from '@/lib/permissions/subject-actions';
import { CONCRETE_SUBJECT_NAMES } from '@/lib/permissions/vocabulary';
import { matrixCell } from './permission-matrix';
import { ROLE_COLUMNS } from './role-records';
import type { TPermissionMatrix } from './types';

export async function getPermissionMatrix(db: TDb, actor: TActor): Promise<TPermissionMatrix> {
  await authorize(db, actor, 'read', 'Role');
  const rows = await db
    .select({ id: roles.id, name: roles.name, rules: roles.rules })
    .from(roles)
    .where(caslToSql(actor.ability, 'read', 'Role', ROLE_COLUMNS))
    .orderBy(desc(roles.builtIn), asc(roles.name))
    .limit(500);
  return {
    roles: rows.map(({ id, name }) => ({ id, name })),
    rows: CONCRETE_SUBJECT_NAMES.flatMap((subject) =>
      SUBJECT_ACTIONS[subject].map((action) => ({ subject, action, cells: rows.map((r) => matrixCell(r.rules, subject, action)) })),
    ),
  };
}
