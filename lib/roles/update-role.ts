/**
 * Changes a role's name, description and rules. Optimistic concurrency: the editor sends the
 * `updatedAt` it loaded and a save over a newer change is a CONFLICT (the row is locked while
 * compared). Guardrails: the Administrator role keeps its powers; a change that adds privileged
 * permissions (compared with the stored rules) is not applied but requested for approval
 * (`role.privileged-change`, two administrators); separation-of-duties
 * conflicts need an acknowledgement. The key never changes: placeholders and the audit log name it.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { roles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { assertAdministratorKeepsPowers } from './administrator-guardrail';
import { applyRoleUpdate } from './apply-role-change';
import type { TRoleSaveResult } from './create-role';
import { addedPrivileges } from './privileged-grants';
import { requestPrivilegedChange } from './request-privileged-change';
import { requireSodAcknowledgement } from './require-sod-acknowledgement';
import { ZUpdateRoleInput } from './role-input';
import { findRoleFor, parseInput } from './role-records';

export const STALE_ROLE_MESSAGE = 'Someone else changed this role after you opened it. Reload to see their version, then apply your changes again.';

export async function updateRole(db: TDb, actor: TActor, raw: unknown): Promise<TRoleSaveResult> {
  // Authorise before validating, so a refused caller learns nothing from validation messages.
  const claimedId = raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id.slice(0, 100) : undefined;
  await authorize(db, actor, 'update', 'Role', undefined, claimedId);
  const input = parseInput(ZUpdateRoleInput, raw);
  const found = await findRoleFor(db, actor, 'update', input.id);
  assertAdministratorKeepsPowers(found.key, input.rules);
  const sod = requireSodAcknowledgement(input.rules, input.acknowledgeSod);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(roles).where(eq(roles.id, found.id)).for('update');
    if (!current) throw new AppError('CONFLICT', 'This role was deleted while you were editing it.');
    if (current.updatedAt.getTime() !== Date.parse(input.updatedAt)) throw new AppError('CONFLICT', STALE_ROLE_MESSAGE);
    const privileges = addedPrivileges(current.rules, input.rules);
    if (privileges.length > 0) {
      const approvalRequestId = await requestPrivilegedChange(tx, actor, {
        kind: 'role.update', roleId: current.id, roleKey: current.key, basedOnUpdatedAt: current.updatedAt.toISOString(),
        name: input.name, description: input.description, rules: input.rules, acknowledgeSod: input.acknowledgeSod, addedPrivileges: privileges,
      }, input.reason);
      return { id: current.id, updatedAt: current.updatedAt.toISOString(), approvalRequestId };
    }
    const row = await applyRoleUpdate(tx, current, { name: input.name, description: input.description, rules: input.rules, sod }, { staffId: actor.staff.id, meta: { ...actor.meta, sessionId: actor.session.id } });
    return { id: row.id, updatedAt: row.updatedAt.toISOString() };
  });
}
