/**
 * Invites: an administrator creates a one-time enrolment link (token stored hashed, 72 h,
 * single use, revocable) for a named person and initial role (./create-invite.ts), revokes it,
 * lists the pending ones, and the invite page looks one up by its token.
 */
import 'server-only';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invites, roles } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { sha256Hex, ZLinkToken } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { asSubject } from '@/lib/permissions/as-subject';
import { caslToSql } from '@/lib/permissions/casl-to-sql';

export { createInvite, submitInvite, ZCreateInviteInput, type TCreateInviteInput, type TCreatedInvite, type TInviteApprovalRequested } from './create-invite';

export async function revokeInvite(db: TDb, actor: TActor, inviteId: unknown): Promise<void> {
  const id = z.string().uuid('Unknown invite').parse(inviteId);
  await authorize(db, actor, 'delete', 'Invite', undefined, id);
  // Again on the record: a grant such as `delete Invite where invitedById = ${actor.id}` covers only some invites.
  await findInviteFor(db, actor, 'delete', id);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invites)
      .set({ revokedAt: new Date(), revokedBy: actor.staff.id })
      .where(and(eq(invites.id, id), isNull(invites.revokedAt), isNull(invites.acceptedAt)))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'This invite was already used or revoked.');
    await appendAuditEvent(tx, {
      action: 'invite.revoked',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'invite', id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
    });
  });
}

/** The invite as its conditions see it (the fields of the Invite subject). */
function inviteSubject(row: typeof invites.$inferSelect): Record<string, unknown> {
  const status = row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt < new Date() ? 'expired' : 'pending';
  return { id: row.id, invitedById: row.createdBy, status, expiresAt: row.expiresAt };
}

/**
 * The invite with this id, if the actor may `action` it: NOT_FOUND for an unknown id or one the
 * actor may neither read nor act on (ids cannot be probed), FORBIDDEN for a visible one they may not act on.
 */
export async function findInviteFor(db: TDb, actor: TActor, action: 'delete' | 'create', id: string): Promise<typeof invites.$inferSelect> {
  const [row] = await db.select().from(invites).where(eq(invites.id, id));
  const record = row ? asSubject('Invite', inviteSubject(row)) : undefined;
  if (!row || !record) throw await denyAccess(db, actor, { action, subject: 'Invite', targetId: id }, 'NOT_FOUND');
  if (actor.ability.can(action, record)) return row;
  throw await denyAccess(db, actor, { action, subject: 'Invite', targetId: id }, actor.ability.can('read', record) ? 'FORBIDDEN' : 'NOT_FOUND');
}

const INVITE_COLUMNS = {
  id: invites.id,
  invitedById: invites.createdBy,
  status: sql`(case when ${invites.acceptedAt} is not null then 'accepted' when ${invites.revokedAt} is not null then 'revoked' when ${invites.expiresAt} < now() then 'expired' else 'pending' end)`,
  expiresAt: invites.expiresAt,
};

export type TPendingInvite = { id: string; name: string; email: string; roleName: string; invitedById: string; createdAt: Date; expiresAt: Date };

export async function listPendingInvites(db: TDb, actor: TActor): Promise<TPendingInvite[]> {
  await authorize(db, actor, 'read', 'Invite');
  return db
    .select({ id: invites.id, name: invites.name, email: invites.email, roleName: roles.name, invitedById: invites.createdBy, createdAt: invites.createdAt, expiresAt: invites.expiresAt })
    .from(invites)
    .innerJoin(roles, eq(roles.id, invites.roleId))
    .where(and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date()), caslToSql(actor.ability, 'read', 'Invite', INVITE_COLUMNS)))
    .orderBy(desc(invites.createdAt))
    .limit(200);
}

/** The open invite for a raw token, or null (unknown, used, revoked or expired). */
export async function findOpenInvite(db: TDbOrTx, token: string) {
  if (!ZLinkToken.test(token)) return null;
  const [row] = await db
    .select({ id: invites.id, name: invites.name, email: invites.email, roleId: invites.roleId, roleKey: roles.key, roleName: roles.name })
    .from(invites)
    .innerJoin(roles, eq(roles.id, invites.roleId))
    .where(and(eq(invites.tokenHash, sha256Hex(token)), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())));
  return row ?? null;
}
