/**
 * Who may sign a step, evaluated with current roles at the moment of asking: members of any of
 * the step's groups (role holders or named staff), active, never the requester, and not someone
 * who already decided on this version (any step when the policy allows one step per person).
 */
import 'server-only';
import { and, eq, inArray, or } from 'drizzle-orm';
import { roles, staff, staffRoles } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import type { TPolicyStep } from './policy-schema';
import type { TPersonRef } from './types';

export async function currentRoleKeys(db: TDbOrTx, staffId: string): Promise<string[]> {
  const rows = await db
    .select({ key: roles.key })
    .from(staffRoles)
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .innerJoin(staff, eq(staff.id, staffRoles.staffId))
    .where(and(eq(staffRoles.staffId, staffId), eq(staff.status, 'active')));
  return rows.map((r) => r.key);
}

/** Indexes of the step's groups this person belongs to (empty: not eligible for the step). */
export function groupIndexesFor(step: TPolicyStep, staffId: string, roleKeys: readonly string[]): number[] {
  return step.groups.flatMap((g, i) => ((g.roleKey && roleKeys.includes(g.roleKey)) || g.staffIds.includes(staffId) ? [i] : []));
}

/** The denormalised signer columns of a request whose current step is `step`. */
export function stepSignerColumns(step: TPolicyStep | undefined): { currentStepRoleKeys: string[]; currentStepStaffIds: string[] } {
  if (!step) return { currentStepRoleKeys: [], currentStepStaffIds: [] };
  return {
    currentStepRoleKeys: [...new Set(step.groups.flatMap((g) => (g.roleKey ? [g.roleKey] : [])))],
    currentStepStaffIds: [...new Set(step.groups.flatMap((g) => g.staffIds))],
  };
}

/** Active people in any group of the step, minus `exclude`, with the groups they belong to. */
export async function stepMembers(db: TDbOrTx, step: TPolicyStep, exclude: ReadonlySet<string>): Promise<(TPersonRef & { groupIndexes: number[] })[]> {
  const { currentStepRoleKeys: keys, currentStepStaffIds: ids } = stepSignerColumns(step);
  const clauses = [...(keys.length ? [inArray(roles.key, keys)] : []), ...(ids.length ? [inArray(staff.id, ids)] : [])];
  if (clauses.length === 0) return [];
  const rows = await db
    .select({ id: staff.id, name: staff.name, key: roles.key })
    .from(staff)
    .leftJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .leftJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(and(eq(staff.status, 'active'), or(...clauses)));
  const byId = new Map<string, { name: string; keys: string[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { name: r.name, keys: [] };
    if (r.key) entry.keys.push(r.key);
    byId.set(r.id, entry);
  }
  return [...byId.entries()]
    .filter(([id]) => !exclude.has(id))
    .map(([id, e]) => ({ id, name: e.name, groupIndexes: groupIndexesFor(step, id, e.keys) }))
    .filter((p) => p.groupIndexes.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}
