/**
 * Sets the roles a staff member holds. Guardrails: nobody changes their own roles; the last
 * active administrator keeps the role; granting a role with privileged permissions is not
 * applied here but opens a `role.privileged-change` approval request (two administrators) and
 * applies when it executes; a combination that breaks separation of duties needs an explicit,
 * audited acknowledgement. The new ability applies on that person's very next request.
 */
import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { roles, staff, type TRoleRule } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { separationOfDutiesWarnings } from '@/lib/permissions/separation-of-duties';
import { requestPrivilegedChange } from '@/lib/roles/request-privileged-change';
import { applyStaffRoles, lockStaffRoles } from './apply-staff-roles';
import { grantsPrivilege } from './privileged-permissions';

export const ZAssignStaffRolesInput = z.object({
  staffId: z.string().uuid('Unknown staff member'),
  roleIds: z.array(z.string().uuid('Unknown role')).max(20, 'At most 20 roles').transform((ids) => [...new Set(ids)]),
  acknowledgeSod: z.boolean().default(false),
  /** Why: recorded on the approval request when the change grants privileged permissions. */
  reason: z.string().trim().max(1000).optional(),
});

export async function assignStaffRoles(db: TDb, actor: TActor, raw: unknown): Promise<{ added: string[]; removed: string[]; approvalRequestId?: string }> {
  const input = ZAssignStaffRolesInput.parse(raw);
  await authorize(db, actor, 'assign', 'Role', undefined, input.staffId);
  const [target] = await db.select({ id: staff.id, name: staff.name, status: staff.status }).from(staff).where(eq(staff.id, input.staffId));
  if (!target) throw await denyAccess(db, actor, { action: 'assign', subject: 'Staff', targetId: input.staffId }, 'NOT_FOUND');
  if (target.id === actor.staff.id) throw new AppError('CONFLICT', 'Nobody can change their own roles; ask another administrator.');
  const chosen = input.roleIds.length
    ? await db.select({ id: roles.id, key: roles.key, rules: roles.rules }).from(roles).where(inArray(roles.id, input.roleIds))
    : [];
  if (chosen.length !== input.roleIds.length) {
    throw new AppError('VALIDATION', 'roleIds: one of the roles does not exist', { issues: [{ path: 'roleIds', message: 'One of the roles does not exist' }] });
  }
  const warnings = separationOfDutiesWarnings(chosen.flatMap((r) => r.rules as TRoleRule[]));
  if (warnings.length > 0 && !input.acknowledgeSod) {
    throw new AppError('VALIDATION', `Separation of duties: ${warnings.map((w) => w.message).join(' ')} Acknowledge to save anyway.`, {
      issues: warnings.map((w) => ({ path: 'acknowledgeSod', message: w.message })),
    });
  }
  return db.transaction(async (tx) => {
    const current = await lockStaffRoles(tx, target.id);
    const currentIds = new Set(current.map((r) => r.id));
    const added = chosen.filter((r) => !currentIds.has(r.id));
    const sod = warnings.length ? { sodAcknowledged: true as const } : {};
    if (added.some((r) => grantsPrivilege(r.rules as TRoleRule[]))) {
      const addedPrivileges = [...new Set(added.filter((r) => grantsPrivilege(r.rules as TRoleRule[])).map((r) => `role ${r.key}`))];
      const approvalRequestId = await requestPrivilegedChange(tx, actor, {
        kind: 'staff.assign-roles', staffId: target.id, staffName: target.name, roleIds: chosen.map((r) => r.id).sort(), roleKeys: chosen.map((r) => r.key).sort(),
        acknowledgeSod: input.acknowledgeSod, addedPrivileges,
      }, input.reason);
      return { added: [], removed: [], approvalRequestId };
    }
    return applyStaffRoles(tx, { target, chosen, sod, current }, { staffId: actor.staff.id, meta: { ...actor.meta, sessionId: actor.session.id } });
  });
}
