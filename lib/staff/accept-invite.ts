/** Invite acceptance: the invitee registers a passkey and becomes a staff member with the invite's role. */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { invites } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createRegistrationOptions, verifyRegistration } from '@/lib/auth/registration';
import { enrolStaffWithPasskey } from './enrol-staff';
import { issueEnrolmentTicket } from '@/lib/auth/sign-in';
import type { TRegistrationResponse } from '@/lib/auth/webauthn-schemas';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { findOpenInvite } from './invites';

const NOT_VALID = 'This invite link is not valid any more. Ask an administrator for a new one.';

export async function startInviteEnrolment(db: TDb, input: { token: string; bindingHash: string }) {
  const invite = await findOpenInvite(db, input.token);
  if (!invite) throw new AppError('GONE', NOT_VALID);
  const staffId = randomUUID();
  return createRegistrationOptions(db, {
    bindingHash: input.bindingHash,
    userId: staffId,
    userName: invite.email,
    displayName: invite.name,
    context: { flow: 'invite', inviteId: invite.id, staffId },
  });
}

export async function finishInviteEnrolment(
  db: TDb,
  input: { token: string; response: TRegistrationResponse; bindingHash: string; meta: TRequestMeta },
): Promise<{ staffId: string; ticket: string }> {
  const invite = await findOpenInvite(db, input.token);
  const verified = await verifyRegistration(db, { response: input.response, bindingHash: input.bindingHash });
  const ctx = verified.context;
  if (!invite || ctx.flow !== 'invite' || ctx.inviteId !== invite.id || !ctx.staffId) throw new AppError('GONE', NOT_VALID);
  const staffId = ctx.staffId;
  const result = await db.transaction(async (tx) => {
    const [accepted] = await tx
      .update(invites)
      .set({ acceptedAt: new Date(), acceptedStaffId: null })
      .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .returning();
    if (!accepted) throw new AppError('GONE', NOT_VALID);
    const result = await enrolStaffWithPasskey(tx, {
      staffId,
      name: invite.name,
      email: invite.email,
      role: { id: invite.roleId, key: invite.roleKey },
      credential: verified.credential,
      meta: input.meta,
      event: { action: 'invite.accepted', target: { type: 'invite', id: invite.id }, data: { staffId } },
    });
    await tx.update(invites).set({ acceptedStaffId: staffId }).where(eq(invites.id, invite.id));
    return result;
  });
  const ticket = await issueEnrolmentTicket(db, { ...result, bindingHash: input.bindingHash });
  return { staffId: result.staffId, ticket };
}
