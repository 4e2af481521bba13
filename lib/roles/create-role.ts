/**
 * Creates a custom role. The key is unique by constraint (a taken key is a CONFLICT, never a
 * second row); a role with privileged grants is not created here but requested for approval
 * (`role.privileged-change`, two administrators); separation-of-duties conflicts need an
 * acknowledgement; the role and its audit event commit together.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { roles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { applyRoleCreate } from './apply-role-change';
import { addedPrivileges } from './privileged-grants';
import { requestPrivilegedChange } from './request-privileged-change';
import { requireSodAcknowledgement } from './require-sod-acknowledgement';
import { ZCreateRoleInput } from './role-input';
import { parseInput } from './role-records';

/**
 * `approvalRequestId` set when the change waits for approval: nothing was applied yet (for a new
 * role, `id` is the id it will get when the request executes).
 */
export type TRoleSaveResult = { id: string; updatedAt: string; approvalRequestId?: string };

export async function createRole(db: TDb, actor: TActor, raw: unknown): Promise<TRoleSaveResult> {
  await authorize(db, actor, 'create', 'Role');
  const input = parseInput(ZCreateRoleInput, raw);
  // Again with the record, so a grant limited by conditions (e.g. builtIn = false) is honoured.
  await authorize(db, actor, 'create', 'Role', { key: input.key, builtIn: false });
  const sod = requireSodAcknowledgement(input.rules, input.acknowledgeSod);
  const privileges = addedPrivileges([], input.rules);
  return db.transaction(async (tx) => {
    if (privileges.length > 0) {
      const [taken] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, input.key));
      if (taken) throw new AppError('CONFLICT', `A role with the key "${input.key}" already exists; choose another key.`);
      const roleId = randomUUID();
      const approvalRequestId = await requestPrivilegedChange(tx, actor, { kind: 'role.create', roleId, key: input.key, name: input.name, description: input.description, rules: input.rules, acknowledgeSod: input.acknowledgeSod, addedPrivileges: privileges }, input.reason);
      return { id: roleId, updatedAt: new Date().toISOString(), approvalRequestId };
    }
    const row = await applyRoleCreate(tx, { key: input.key, name: input.name, description: input.description, rules: input.rules, sod }, { staffId: actor.staff.id, meta: { ...actor.meta, sessionId: actor.session.id } });
    return { id: row.id, updatedAt: row.updatedAt.toISOString() };
  });
}
