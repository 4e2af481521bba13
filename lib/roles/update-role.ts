/**
 * Changes a role's name, description and rules. Optimistic concurrency: the editor sends the
 * `updatedAt` it loaded and a save over a newer change is a CONFLICT (the row is locked while
 * compared). Guardrails: the Administrator role keeps its powers; a change that adds privileged
 * permissions (compared with the stored rules) needs a fresh passkey; separation-of-duties
 * conflicts need an acknowledgement. The key never changes: placeholders and the audit log name it.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { roles } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { assertAdministratorKeepsPowers } from './administrator-guardrail';
import { addedPrivileges } from './privileged-grants';
import { requireSodAcknowledgement } from './require-sod-acknowledgement';
import { ZUpdateRoleInput } from './role-input';
import { findRoleFor, parseInput, roleSnapshot } from './role-records';

export const STALE_ROLE_MESSAGE = 'Someone else changed this role after you opened it. Reload to see their version, then apply your changes again.';

export async function updateRole(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string; updatedAt: string }> {
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
    if (addedPrivileges(current.rules, input.rules).length > 0) requireRecentPasskey(actor);
    // Strictly later than the version compared above, even within one millisecond.
    const updatedAt = new Date(Math.max(Date.now(), current.updatedAt.getTime() + 1));
    const [row] = await tx
      .update(roles)
      .set({ name: input.name, description: input.description, rules: input.rules, updatedAt })
      .where(eq(roles.id, current.id))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'This role was deleted while you were editing it.');
    await appendAuditEvent(tx, {
      action: 'role.updated',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'role', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: roleSnapshot(current),
      after: roleSnapshot(row),
      data: { key: row.key, ...sod },
    });
    return { id: row.id, updatedAt: row.updatedAt.toISOString() };
  });
}
