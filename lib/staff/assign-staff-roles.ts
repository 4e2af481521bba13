/**
 * Sets the roles a staff member holds. Guardrails: nobody changes their own roles; the last
 * active administrator keeps the role; granting a role with privileged permissions needs a
 * fresh passkey confirmation; a combination that breaks separation of duties needs an explicit,
 * audited acknowledgement. The new ability applies on that person's very next request.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { roles, staff, staffRoles, type TRoleRule } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import { separationOfDutiesWarnings } from '@/lib/permissions/separation-of-duties';
import { assertNotLastAdministrator } from './last-administrator';
import { grantsPrivilege } from './privileged-permissions';

export const ZAssignStaffRolesInput = z.object({
  staffId: z.string().uuid('Unknown staff member'),
  roleIds: z.array(z.string().uuid('Unknown role')).max(20, 'At most 20 roles').transform((ids) => [...new Set(ids)]),
  acknowledgeSod: z.boolean().default(false),
});

export async function assignStaffRoles(db: TDb, actor: TActor, raw: unknown): Promise<{ added: string[]; removed: string[] }> {
  const input = ZAssignStaffRolesInput.parse(raw);
  await authorize(db, actor, 'assign', 'Role', undefined, input.staffId);
  const [target] = await db.select({ id: staff.id, status: staff.status }).from(staff).where(eq(staff.id, input.staffId));
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
    // Lock the person's assignments so concurrent edits serialise.
    const current = await tx
      .select({ id: roles.id, key: roles.key, rules: roles.rules })
      .from(staffRoles)
      .innerJoin(roles, eq(roles.id, staffRoles.roleId))
      .where(eq(staffRoles.staffId, target.id))
      .for('update', { of: staffRoles });
    const currentIds = new Set(current.map((r) => r.id));
    const added = chosen.filter((r) => !currentIds.has(r.id));
    const removed = current.filter((r) => !input.roleIds.includes(r.id));
    if (added.some((r) => grantsPrivilege(r.rules as TRoleRule[]))) requireRecentPasskey(actor);
    if (removed.some((r) => r.key === ADMINISTRATOR_ROLE_KEY) && target.status === 'active') await assertNotLastAdministrator(tx, target.id, 'the role cannot be removed.');
    if (removed.length) await tx.delete(staffRoles).where(and(eq(staffRoles.staffId, target.id), inArray(staffRoles.roleId, removed.map((r) => r.id))));
    if (added.length) await tx.insert(staffRoles).values(added.map((r) => ({ staffId: target.id, roleId: r.id })));
    await appendAuditEvent(tx, {
      action: 'staff.roles_changed',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'staff', id: target.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: { roles: current.map((r) => r.key).sort() },
      after: { roles: chosen.map((r) => r.key).sort() },
      data: { added: added.map((r) => r.key), removed: removed.map((r) => r.key), ...(warnings.length ? { sodAcknowledged: true } : {}) },
    });
    return { added: added.map((r) => r.key), removed: removed.map((r) => r.key) };
  });
}

