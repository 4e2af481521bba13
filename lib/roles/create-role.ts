/**
 * Creates a custom role. The key is unique by constraint (a taken key is a CONFLICT, never a
 * second row); privileged grants need a fresh passkey; separation-of-duties conflicts need an
 * acknowledgement; the role and its audit event commit together.
 */
import 'server-only';
import { roles } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { addedPrivileges } from './privileged-grants';
import { requireSodAcknowledgement } from './require-sod-acknowledgement';
import { ZCreateRoleInput } from './role-input';
import { parseInput, roleSnapshot } from './role-records';

export async function createRole(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string; updatedAt: string }> {
  await authorize(db, actor, 'create', 'Role');
  const input = parseInput(ZCreateRoleInput, raw);
  // Again with the record, so a grant limited by conditions (e.g. builtIn = false) is honoured.
  await authorize(db, actor, 'create', 'Role', { key: input.key, builtIn: false });
  const sod = requireSodAcknowledgement(input.rules, input.acknowledgeSod);
  if (addedPrivileges([], input.rules).length > 0) requireRecentPasskey(actor);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(roles)
      .values({ key: input.key, name: input.name, description: input.description, rules: input.rules, builtIn: false, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: roles.key })
      .returning();
    if (!row) throw new AppError('CONFLICT', `A role with the key "${input.key}" already exists; choose another key.`);
    await appendAuditEvent(tx, {
      action: 'role.created',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'role', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      after: roleSnapshot(row),
      data: { key: row.key, ...sod },
    });
    return { id: row.id, updatedAt: row.updatedAt.toISOString() };
  });
}
