/**
 * Shared plumbing of the role use cases: loading a role the actor may act on (refusals are
 * audited by denyAccess), the columns the CASL → SQL filter may use, and the audit snapshot.
 */
import 'server-only';
import { count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { roles, staffRoles } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { validationError } from '@/lib/errors';
import { asSubject } from '@/lib/permissions/as-subject';
import type { TColumnMap } from '@/lib/permissions/casl-to-sql';
import type { TAction } from '@/lib/permissions/vocabulary';
import { ZRoleId } from './role-input';

export type TRoleRow = typeof roles.$inferSelect;

/** Where Role's filterable fields live, for caslToSql. */
export const ROLE_COLUMNS: TColumnMap<'Role'> = { id: roles.id, key: roles.key, builtIn: roles.builtIn };

/** The fields Role conditions may use, taken from a row. */
export function roleSubject(row: Pick<TRoleRow, 'id' | 'key' | 'builtIn'>): Record<string, unknown> {
  return { id: row.id, key: row.key, builtIn: row.builtIn };
}

/** Parses with the shared schema; failures become one VALIDATION error listing every path. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}

/**
 * The role with this id, if the actor may `action` it. Unknown ids and roles the actor may not
 * read answer NOT_FOUND (ids cannot be probed); a visible role they may not change, FORBIDDEN.
 */
export async function findRoleFor(db: TDb, actor: TActor, action: TAction, rawId: unknown): Promise<TRoleRow> {
  const parsed = ZRoleId.safeParse(rawId);
  const id = parsed.success ? parsed.data : undefined;
  const [row] = id ? await db.select().from(roles).where(eq(roles.id, id)) : [];
  const denial = { action, subject: 'Role' as const, ...(id ? { targetId: id } : {}) };
  if (!row || !actor.ability.can('read', asSubject('Role', roleSubject(row)))) throw await denyAccess(db, actor, denial, 'NOT_FOUND');
  if (!actor.ability.can(action, asSubject('Role', roleSubject(row)))) throw await denyAccess(db, actor, denial, 'FORBIDDEN');
  return row;
}

export async function countAssignments(db: TDbOrTx, roleId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffRoles).where(eq(staffRoles.roleId, roleId));
  return Number(row?.n ?? 0);
}

/** Before/after image of a role for its audit event (the rules in full, as the issue asks). */
export function roleSnapshot(row: Pick<TRoleRow, 'key' | 'name' | 'description' | 'rules'>): Record<string, unknown> {
  return { key: row.key, name: row.name, description: row.description, rules: row.rules };
}
