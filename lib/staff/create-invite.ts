/**
 * Creating an invite. Offering a role is handing it out, so the actor needs `assign` on that
 * role (its conditions included) besides `create Invite`. An invite offering a role with
 * privileged permissions is the same grant as assigning that role to an existing person: it
 * opens a `staff.privileged-invite` approval request (two administrators) instead, unless
 * nobody but the requester could approve it yet (the bootstrap exception, ./invite-bootstrap.ts).
 * The form's submission id makes a second delivery of the same submission reissue the link of
 * the same invite instead of creating another, and so does submitting the form again for a
 * person and role with a pending invite of this actor: that is how the link of an invite
 * created by an approved request is obtained (./invite-submission.ts).
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invites, roles, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { insertApprovalRequest, parsePayload } from '@/lib/approvals/create-approval-request';
import { getActionType } from '@/lib/approvals/registry';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { randomToken, sha256Hex } from '@/lib/auth/tokens';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { env } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { roleSubject } from '@/lib/roles/role-records';
import { INVITE_TTL_MS, invitePrivileges } from './execute-privileged-invite';
import { approvalIsPossible } from './invite-bootstrap';
import { findOwnOpenInvite, findSubmittedInvite, reissueSubmittedInvite } from './invite-submission';

export const PRIVILEGED_INVITE_ACTION = 'staff.privileged-invite';

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

/** Nothing was created yet: the invite is created when this request executes. */
export type TInviteApprovalRequested = { approvalRequestId: string };

const NEEDS_APPROVAL = 'This role has privileged permissions: inviting someone with it needs approval by two administrators.';

/** Creates the invite now, or opens the approval request it needs; the invite form's entry point. */
export async function submitInvite(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedInvite | TInviteApprovalRequested> {
  return inviteStaffMember(db, actor, raw, 'request-approval');
}

/** Creates the invite now; refuses (FORBIDDEN) one that would need approval. */
export async function createInvite(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedInvite> {
  const result = await inviteStaffMember(db, actor, raw, 'refuse');
  if ('approvalRequestId' in result) throw new Error('an approval request was opened where none may be');
  return result;
}

async function inviteStaffMember(db: TDb, actor: TActor, raw: unknown, whenPrivileged: 'request-approval' | 'refuse'): Promise<TCreatedInvite | TInviteApprovalRequested> {
  await authorize(db, actor, 'create', 'Invite');
  const parsed = ZCreateInviteInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  requireRecentPasskey(actor);
  const [role] = await db.select().from(roles).where(eq(roles.id, input.roleId));
  if (!role) throw new AppError('VALIDATION', 'roleId: that role does not exist', { issues: [{ path: 'roleId', message: 'That role does not exist' }] });
  await authorize(db, actor, 'assign', 'Role', roleSubject(role));
  const reusable = await findOwnOpenInvite(db, actor.staff.id, input);
  const addedPrivileges = invitePrivileges(role);
  const approval = !reusable && addedPrivileges.length
    ? { type: getActionType(PRIVILEGED_INVITE_ACTION), payload: { name: input.name, email: input.email, roleId: role.id, roleKey: role.key, addedPrivileges } }
    : null;
  const needsApproval = approval ? await approvalIsPossible(db, approval.type, approval.payload, actor.staff.id) : false;
  if (needsApproval && whenPrivileged === 'refuse') {
    await denyAccess(db, actor, { action: 'create', subject: 'Invite' });
    throw new AppError('FORBIDDEN', NEEDS_APPROVAL);
  }
  const token = randomToken();
  const invite = await db.transaction(async (tx): Promise<Omit<TCreatedInvite, 'url'> | TInviteApprovalRequested> => {
    const earlier = await findSubmittedInvite(tx, input.submissionId);
    if (earlier) return reissueSubmittedInvite(tx, actor, earlier, input, token);
    const [taken] = await tx.select({ id: staff.id }).from(staff).where(sql`lower(${staff.email}) = ${input.email}`);
    if (taken) throw new AppError('CONFLICT', 'A staff member with this email already exists.');
    // Already created (by this actor, or by their approved request): a fresh link for it rather than a second invite.
    if (reusable) return reissueSubmittedInvite(tx, actor, reusable, { ...input, name: reusable.name }, token);
    if (approval && needsApproval) {
      const { type, payload } = parsePayload(PRIVILEGED_INVITE_ACTION, approval.payload);
      const created = await insertApprovalRequest(tx, actor, { type, payload, reason: 'Invite with a privileged role (needs approval)', submissionId: input.submissionId });
      return { approvalRequestId: created.id };
    }
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
      // A privileged invite without approval happens only while nobody else could approve it.
      reason: approval ? 'privileged role offered without approval: too few other approvers yet (bootstrap)' : undefined,
      meta: { ...actor.meta, sessionId: actor.session.id },
      after: { name: input.name, email: input.email, role: role.key },
      data: { role: role.key },
    });
    return { inviteId: row.id, expiresAt: row.expiresAt, reissued: false };
  });
  if ('approvalRequestId' in invite) return invite;
  return { ...invite, url: `${env().publicOrigin}/invite/${token}` };
}
