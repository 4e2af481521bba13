/**
 * Sets the roles a staff member holds. Guardrails: nobody changes their own roles; the last
 * active administrator keeps the role; granting a role with privileged permissions is not
 * applied here but opens a `role.privileged-change` approval request (two administrators) and
 * applies when it executes; a combination that breaks separation of duties needs an explicit,
 * audited acknowledgement. The actor needs `assign` on the person and on every role added or
 * removed, conditions included (./role-assignment-checks.ts). The new ability applies on that
 * person's very next request.
 */
import 'server-only';
import { z } from 'zod';
import { type TRoleRule } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { separationOfDutiesWarnings } from '@/lib/permissions/separation-of-duties';
import { requestPrivilegedChange } from '@/lib/roles/request-privileged-change';
import { applyStaffRoles, lockStaffRoles } from './apply-staff-roles';
import { grantsPrivilege } from './privileged-permissions';
import { loadRoleChange, refusedRoleAssignment } from './role-assignment-checks';
import { findStaffFor } from './staff-ability';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';

export const ZAssignStaffRolesInput = z.object({
  staffId: z.string().uuid('Unknown staff member'),
  roleIds: z.array(z.string().uuid('Unknown role')).max(20, 'At most 20 roles').transform((ids) => [...new Set(ids)]),
  acknowledgeSod: z.boolean().default(false),
  /** Why: recorded on the approval request when the change grants privileged permissions. */
  reason: ZPanSafeText(1000, { min: 0, label: 'reason' }).optional(),
});

export async function assignStaffRoles(db: TDb, actor: TActor, raw: unknown): Promise<{ added: string[]; removed: string[]; approvalRequestId?: string }> {
  const input = ZAssignStaffRolesInput.parse(raw);
  await authorize(db, actor, 'assign', 'Role', undefined, input.staffId);
  // The person too: `assign Staff where region = ${actor.region}` limits whose roles may be changed.
  const target = await findStaffFor(db, actor, 'assign', input.staffId);
  if (target.id === actor.staff.id) throw new AppError('CONFLICT', 'Nobody can change their own roles; ask another administrator.');
  const { chosen, current, added, removed } = await loadRoleChange(db, target.id, input.roleIds);
  if (chosen.length !== input.roleIds.length) {
    throw new AppError('VALIDATION', 'roleIds: one of the roles does not exist', { issues: [{ path: 'roleIds', message: 'One of the roles does not exist' }] });
  }
  // On the records: the type-level check above passes for a grant whose conditions match none of these.
  const refused = refusedRoleAssignment(actor.ability, target, [...added, ...removed]);
  if (refused) throw await denyAccess(db, actor, { action: 'assign', subject: refused.subject, targetId: refused.id });
  const warnings = separationOfDutiesWarnings(chosen.flatMap((r) => r.rules as TRoleRule[]));
  if (warnings.length > 0 && !input.acknowledgeSod) {
    throw new AppError('VALIDATION', `Separation of duties: ${warnings.map((w) => w.message).join(' ')} Acknowledge to save anyway.`, {
      issues: warnings.map((w) => ({ path: 'acknowledgeSod', message: w.message })),
    });
  }
  return db.transaction(async (tx) => {
    const locked = await lockStaffRoles(tx, target.id);
    // The roles removed were checked above; a concurrent change means another set would be removed.
    if (locked.map((r) => r.id).sort().join() !== current.map((r) => r.id).sort().join()) {
      throw new AppError('CONFLICT', "This person's roles changed while you were editing them; reload and try again.");
    }
    const sod = warnings.length ? { sodAcknowledged: true as const } : {};
    if (added.some((r) => grantsPrivilege(r.rules as TRoleRule[]))) {
      const addedPrivileges = [...new Set(added.filter((r) => grantsPrivilege(r.rules as TRoleRule[])).map((r) => `role ${r.key}`))];
      const approvalRequestId = await requestPrivilegedChange(tx, actor, {
        kind: 'staff.assign-roles', staffId: target.id, staffName: target.name, roleIds: chosen.map((r) => r.id).sort(), roleKeys: chosen.map((r) => r.key).sort(),
        acknowledgeSod: input.acknowledgeSod, addedPrivileges,
      }, input.reason);
      return { added: [], removed: [], approvalRequestId };
    }
    return applyStaffRoles(tx, { target, chosen, sod, current: locked }, { staffId: actor.staff.id, meta: { ...actor.meta, sessionId: actor.session.id } });
  });
}
