/**
 * Deletes a custom role that nobody holds. Built-in roles stay (the seed and the guardrails
 * name them). The row is locked before counting holders, so a concurrent assignment either
 * lands first (and is counted) or waits and then fails its foreign key.
 */
import 'server-only';
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { invites, roles } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { countAssignments, findRoleFor, roleSnapshot } from './role-records';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Invites keep the role they offered (foreign key), pending or not. */
async function countInvites(tx: TTx, roleId: string): Promise<{ total: number; pending: number }> {
  const [all] = await tx.select({ n: count() }).from(invites).where(eq(invites.roleId, roleId));
  const [open] = await tx
    .select({ n: count() })
    .from(invites)
    .where(and(eq(invites.roleId, roleId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())));
  return { total: Number(all?.n ?? 0), pending: Number(open?.n ?? 0) };
}

export async function deleteRole(db: TDb, actor: TActor, rawId: unknown): Promise<void> {
  await authorize(db, actor, 'delete', 'Role', undefined, typeof rawId === 'string' ? rawId.slice(0, 100) : undefined);
  const found = await findRoleFor(db, actor, 'delete', rawId);
  if (found.builtIn) throw new AppError('CONFLICT', `"${found.name}" is a built-in role and cannot be deleted.`);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(roles).where(eq(roles.id, found.id)).for('update');
    if (!current) throw new AppError('CONFLICT', 'This role was already deleted.');
    const assigned = await countAssignments(tx, current.id);
    if (assigned > 0) {
      throw new AppError('CONFLICT', `"${current.name}" is assigned to ${plural(assigned, 'staff member', 'staff members')}. Remove it from them first, then delete it.`);
    }
    const offered = await countInvites(tx, current.id);
    if (offered.pending > 0) {
      throw new AppError('CONFLICT', `"${current.name}" is offered by ${plural(offered.pending, 'pending invite', 'pending invites')}. Revoke them first, then delete it.`);
    }
    if (offered.total > 0) {
      throw new AppError('CONFLICT', `"${current.name}" was offered in past invites, which keep a reference to it; it cannot be deleted. Remove its rules instead.`);
    }
    await tx.delete(roles).where(eq(roles.id, current.id));
    await appendAuditEvent(tx, {
      action: 'role.deleted',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'role', id: current.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: roleSnapshot(current),
      data: { key: current.key },
    });
  });
}
