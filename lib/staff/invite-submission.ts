/**
 * A second delivery of one invite form submission (a user's retry, or a browser resending a POST
 * cut by an instance crash, docs/ha.md). The first answer carried the one-time link and the token
 * is stored only hashed, so it cannot be answered again: while the invite is still pending, the
 * same invite gets a fresh token (the earlier link stops working) and the event is audited. The
 * same submission id for another creator, person or role, or for an invite that was accepted,
 * revoked or has expired, is a CONFLICT.
 */
import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { invites } from '@/db/schema';
import type { TDbOrTx, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { sha256Hex } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';

export type TInviteRow = typeof invites.$inferSelect;
export type TInviteSubmission = { name: string; email: string; roleId: string; submissionId: string };

export async function findSubmittedInvite(tx: TTx, submissionId: string): Promise<TInviteRow | undefined> {
  const [row] = await tx.select().from(invites).where(eq(invites.submissionId, submissionId));
  return row;
}

function notPendingMessage(row: TInviteRow): string {
  const state = row.acceptedAt ? 'was already accepted' : row.revokedAt ? 'was revoked' : 'has expired';
  return `The invite this form created ${state}; close the dialog and create a new invite.`;
}

/** Gives the pending invite `earlier` the token `token` (hashed) and audits it; the caller answers with the new link. */
export async function reissueSubmittedInvite(
  tx: TTx,
  actor: TActor,
  earlier: TInviteRow,
  asked: TInviteSubmission,
  token: string,
): Promise<{ inviteId: string; expiresAt: Date; reissued: true }> {
  if (earlier.createdBy !== actor.staff.id || earlier.name !== asked.name || earlier.email !== asked.email || earlier.roleId !== asked.roleId) {
    throw new AppError('CONFLICT', 'This form was already submitted for a different invite; close the dialog and create the invite again.');
  }
  // Conditional on the invite still being open, so a concurrent acceptance or revocation wins over the resend.
  const [row] = await tx
    .update(invites)
    .set({ tokenHash: sha256Hex(token) })
    .where(and(eq(invites.id, earlier.id), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
    .returning({ id: invites.id, expiresAt: invites.expiresAt });
  if (!row) {
    const [current] = await tx.select().from(invites).where(eq(invites.id, earlier.id));
    throw new AppError('CONFLICT', notPendingMessage(current ?? earlier));
  }
  await appendAuditEvent(tx, {
    action: 'invite.link_reissued',
    actor: { type: 'staff', id: actor.staff.id },
    target: { type: 'invite', id: row.id },
    result: 'success',
    meta: { ...actor.meta, sessionId: actor.session.id },
  });
  return { inviteId: row.id, expiresAt: row.expiresAt, reissued: true };
}

/**
 * The pending invite this actor created for this person and role, if any: the invite form
 * submitted again for them issues its link afresh instead of creating a second invite. That is
 * also how the link of an invite created by an executed `staff.privileged-invite` request is
 * obtained (the executor stores a hash of a token nobody knows).
 */
export async function findOwnOpenInvite(db: TDbOrTx, actorId: string, asked: { email: string; roleId: string }): Promise<TInviteRow | undefined> {
  const [row] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.createdBy, actorId), eq(invites.email, asked.email), eq(invites.roleId, asked.roleId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
    .limit(1);
  return row;
}
