/**
 * Invites: an administrator creates a one-time enrolment link (token stored hashed, 72 h,
 * single use, revocable) for a named person and initial role. The form's submission id makes a
 * second delivery of the same submission reissue the link of the same invite instead of
 * creating another (./invite-submission.ts).
 */
import 'server-only';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invites, roles, staff } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { randomToken, sha256Hex, ZLinkToken } from '@/lib/auth/tokens';
import { env } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { findSubmittedInvite, reissueSubmittedInvite } from './invite-submission';

const INVITE_TTL_MS = 72 * 3600 * 1000;

export const ZCreateInviteInput = z.object({
  name: z.string().trim().min(2, 'Enter a name of at least 2 characters').max(120),
  email: z.string().trim().toLowerCase().email('Enter a valid email address').max(254),
  roleId: z.string().uuid('Choose a role'),
  /** Chosen by the form when it is shown; a fresh one after each success. */
  submissionId: z.uuid('The form is out of date; close the dialog and try again'),
});
export type TCreateInviteInput = z.infer<typeof ZCreateInviteInput>;

export type TCreatedInvite = {
  inviteId: string;
  url: string;
  expiresAt: Date;
  /** True when a resent submission got a fresh link for the invite its first delivery created. */
  reissued: boolean;
};

export async function createInvite(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedInvite> {
  await authorize(db, actor, 'create', 'Invite');
  const parsed = ZCreateInviteInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  requireRecentPasskey(actor);
  const token = randomToken();
  const invite = await db.transaction(async (tx) => {
    const [role] = await tx.select({ id: roles.id, key: roles.key }).from(roles).where(eq(roles.id, input.roleId));
    if (!role) throw new AppError('VALIDATION', 'roleId: that role does not exist', { issues: [{ path: 'roleId', message: 'That role does not exist' }] });
    const earlier = await findSubmittedInvite(tx, input.submissionId);
    if (earlier) return reissueSubmittedInvite(tx, actor, earlier, input, token);
    const [taken] = await tx.select({ id: staff.id }).from(staff).where(sql`lower(${staff.email}) = ${input.email}`);
    if (taken) throw new AppError('CONFLICT', 'A staff member with this email already exists.');
    const [row] = await tx
      .insert(invites)
      .values({ ...input, tokenHash: sha256Hex(token), createdBy: actor.staff.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) })
      // A concurrent delivery of the same submission waits here for the first one's commit, then reissues its link.
      .onConflictDoNothing({ target: invites.submissionId })
      .returning();
    if (!row) {
      const winner = await findSubmittedInvite(tx, input.submissionId);
      if (!winner) throw new Error('invite insert conflicted without an earlier submission');
      return reissueSubmittedInvite(tx, actor, winner, input, token);
    }
    await appendAuditEvent(tx, {
      action: 'invite.created',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'invite', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      after: { name: input.name, email: input.email, role: role.key },
      data: { role: role.key },
    });
    return { inviteId: row.id, expiresAt: row.expiresAt, reissued: false };
  });
  return { ...invite, url: `${env().publicOrigin}/invite/${token}` };
}

export async function revokeInvite(db: TDb, actor: TActor, inviteId: unknown): Promise<void> {
  const id = z.string().uuid('Unknown invite').parse(inviteId);
  await authorize(db, actor, 'delete', 'Invite', undefined, id);
  const [existing] = await db.select({ id: invites.id }).from(invites).where(eq(invites.id, id));
  if (!existing) throw await denyAccess(db, actor, { action: 'delete', subject: 'Invite', targetId: id }, 'NOT_FOUND');
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

const INVITE_COLUMNS = {
  id: invites.id,
  invitedById: invites.createdBy,
  status: sql`(case when ${invites.acceptedAt} is not null then 'accepted' when ${invites.revokedAt} is not null then 'revoked' when ${invites.expiresAt} < now() then 'expired' else 'pending' end)`,
  expiresAt: invites.expiresAt,
};

export type TPendingInvite = { id: string; name: string; email: string; roleName: string; createdAt: Date; expiresAt: Date };

export async function listPendingInvites(db: TDb, actor: TActor): Promise<TPendingInvite[]> {
  await authorize(db, actor, 'read', 'Invite');
  return db
    .select({ id: invites.id, name: invites.name, email: invites.email, roleName: roles.name, createdAt: invites.createdAt, expiresAt: invites.expiresAt })
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
