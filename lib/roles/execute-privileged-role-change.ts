/**
 * Applying an approved `role.privileged-change` request. Runs inside the approval's execution
 * transaction: a role changed since the request, a taken key, or removing the last
 * administrator fails the execution (nothing applied) instead of overwriting newer state.
 */
import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { roles, staff, type TRoleRule } from '@/db/schema';
import type { TTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import type { TExecuteContext } from '@/lib/approvals/action-type';
import type { TRoleChangePayload } from '@/lib/approvals/action-types/role-privileged-change';
import { applyStaffRoles, lockStaffRoles } from '@/lib/staff/apply-staff-roles';
import { loadAssignTarget, loadRoleChange, refusedRoleAssignment } from '@/lib/staff/role-assignment-checks';
import { currentAbilityOf } from '@/lib/staff/staff-ability';
import { assertAdministratorKeepsPowers } from './administrator-guardrail';
import { applyRoleCreate, applyRoleUpdate, type TChangeAuthor } from './apply-role-change';

const sodOf = (p: { acknowledgeSod: boolean }) => (p.acknowledgeSod ? { sodAcknowledged: true as const } : {});

/**
 * The requester, with their current ability, must still be allowed to assign roles to this
 * person and to hand out (or take away) each role that changes, conditions included.
 */
async function assertRequesterMayAssign(tx: TTx, p: Extract<TRoleChangePayload, { kind: 'staff.assign-roles' }>, requesterId: string): Promise<void> {
  const target = await loadAssignTarget(tx, p.staffId);
  if (!target) throw new AppError('CONFLICT', 'The staff member no longer exists; nothing was changed.');
  const { added, removed } = await loadRoleChange(tx, p.staffId, p.roleIds);
  const ability = await currentAbilityOf(tx, requesterId);
  if (!ability || refusedRoleAssignment(ability, target, [...added, ...removed])) {
    throw new AppError('FORBIDDEN', 'The requester may not assign or remove these roles for this person.');
  }
}

export async function validateRoleChangeRequest(tx: TTx, p: TRoleChangePayload, requesterId: string): Promise<void> {
  if (p.kind === 'staff.assign-roles' && p.staffId === requesterId) throw new AppError('CONFLICT', 'Nobody can change their own roles; ask another administrator.');
  if (p.kind === 'staff.assign-roles') await assertRequesterMayAssign(tx, p, requesterId);
  if (p.kind === 'role.update') {
    const [row] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.id, p.roleId));
    if (!row) throw new AppError('NOT_FOUND', 'No such role.');
  }
}

export async function executeRoleChange(tx: TTx, p: TRoleChangePayload, ctx: TExecuteContext): Promise<Record<string, unknown>> {
  const by: TChangeAuthor = { staffId: ctx.requesterId, meta: ctx.meta, approvalRequestId: ctx.requestId };
  if (p.kind === 'role.create') {
    const row = await applyRoleCreate(tx, { id: p.roleId, key: p.key, name: p.name, description: p.description, rules: p.rules as TRoleRule[], sod: sodOf(p) }, by);
    return { roleId: row.id, key: row.key };
  }
  if (p.kind === 'role.update') {
    const [current] = await tx.select().from(roles).where(eq(roles.id, p.roleId)).for('update');
    if (!current) throw new AppError('CONFLICT', 'The role was deleted after the request; nothing was changed.');
    if (current.updatedAt.getTime() !== Date.parse(p.basedOnUpdatedAt)) throw new AppError('CONFLICT', 'The role changed after this request was made; nothing was changed. Request the change again.');
    assertAdministratorKeepsPowers(current.key, p.rules as TRoleRule[]);
    const row = await applyRoleUpdate(tx, current, { name: p.name, description: p.description, rules: p.rules as TRoleRule[], sod: sodOf(p) }, by);
    return { roleId: row.id, updatedAt: row.updatedAt.toISOString() };
  }
  if (p.staffId === ctx.requesterId) throw new AppError('CONFLICT', 'Nobody can change their own roles.');
  // Locked first, so the roles checked are the roles replaced.
  await lockStaffRoles(tx, p.staffId);
  await assertRequesterMayAssign(tx, p, ctx.requesterId);
  const [target] = await tx.select({ id: staff.id, status: staff.status }).from(staff).where(eq(staff.id, p.staffId));
  if (!target) throw new AppError('CONFLICT', 'The staff member no longer exists; nothing was changed.');
  const chosen = p.roleIds.length ? await tx.select({ id: roles.id, key: roles.key, rules: roles.rules }).from(roles).where(inArray(roles.id, p.roleIds)) : [];
  if (chosen.length !== p.roleIds.length) throw new AppError('CONFLICT', 'One of the roles was deleted after the request; nothing was changed.');
  const changed = await applyStaffRoles(tx, { target, chosen, sod: sodOf(p) }, by);
  return { staffId: p.staffId, added: changed.added, removed: changed.removed, administrator: chosen.some((r) => r.key === ADMINISTRATOR_ROLE_KEY) };
}

