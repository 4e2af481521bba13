/**
 * The write half of setting a person's roles, shared by the direct path and the approved
 * `role.privileged-change` executor: locks the current assignments, keeps the last active
 * administrator, replaces the set and audits before/after in the caller's transaction.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { roles, staffRoles, type TRoleRule } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import type { TChangeAuthor } from '@/lib/roles/apply-role-change';
import { assertNotLastAdministrator } from './last-administrator';

type TRoleRef = { id: string; key: string; rules: TRoleRule[] | unknown };

/** The person's current roles, locked so concurrent edits serialise. */
export async function lockStaffRoles(tx: TTx, staffId: string): Promise<TRoleRef[]> {
  return tx
    .select({ id: roles.id, key: roles.key, rules: roles.rules })
    .from(staffRoles)
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(eq(staffRoles.staffId, staffId))
    .for('update', { of: staffRoles });
}

export async function applyStaffRoles(
  tx: TTx,
  input: { target: { id: string; status: string }; chosen: TRoleRef[]; sod: { sodAcknowledged?: true }; current?: TRoleRef[] },
  by: TChangeAuthor,
): Promise<{ added: string[]; removed: string[] }> {
  const current = input.current ?? (await lockStaffRoles(tx, input.target.id));
  const currentIds = new Set(current.map((r) => r.id));
  const chosenIds = input.chosen.map((r) => r.id);
  const added = input.chosen.filter((r) => !currentIds.has(r.id));
  const removed = current.filter((r) => !chosenIds.includes(r.id));
  if (removed.some((r) => r.key === ADMINISTRATOR_ROLE_KEY) && input.target.status === 'active') await assertNotLastAdministrator(tx, input.target.id, 'the role cannot be removed.');
  if (removed.length) await tx.delete(staffRoles).where(and(eq(staffRoles.staffId, input.target.id), inArray(staffRoles.roleId, removed.map((r) => r.id))));
  if (added.length) await tx.insert(staffRoles).values(added.map((r) => ({ staffId: input.target.id, roleId: r.id })));
  await appendAuditEvent(tx, {
    action: 'staff.roles_changed',
    actor: { type: 'staff', id: by.staffId },
    target: { type: 'staff', id: input.target.id },
    result: 'success',
    reason: by.approvalRequestId ? `approved request ${by.approvalRequestId}` : undefined,
    meta: by.meta,
    before: { roles: current.map((r) => r.key).sort() },
    after: { roles: input.chosen.map((r) => r.key).sort() },
    data: { added: added.map((r) => r.key), removed: removed.map((r) => r.key), ...input.sod },
  });
  return { added: added.map((r) => r.key), removed: removed.map((r) => r.key) };
}
