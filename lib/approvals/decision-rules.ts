/**
 * The rules a decision must pass, checked with the request row locked: the request is pending,
 * unexpired, at the signed version and step; the signer is not the requester, belongs to a group
 * of the open step with their roles as they are now, holds `approve` on the request, and has not
 * decided on this version already (any step when the policy allows one step per person).
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { approvalDecisions } from '@/db/schema';
import type { TDb, TDbOrTx, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { payloadHashOf } from './decision-payload';
import { currentRoleKeys, groupIndexesFor } from './eligibility';
import { CLOSED_MESSAGE, requestSubject, tierOf, type TRequestRow } from './request-records';

export class DecisionRefused extends Error {
  constructor(readonly reasonCode: string, readonly error: AppError) {
    super(error.message);
    this.name = 'DecisionRefused';
  }
}

const refuse = (reason: string, code: 'CONFLICT' | 'FORBIDDEN', message: string) => new DecisionRefused(reason, new AppError(code, message));

export async function checkDecisionAllowed(
  tx: TTx,
  actor: TActor,
  row: TRequestRow,
  input: { version: number; step: number },
): Promise<{ groupIndexes: number[]; exclusive: boolean }> {
  if (row.status !== 'pending') throw refuse('closed', 'CONFLICT', CLOSED_MESSAGE[row.status] ?? 'This request is closed.');
  if (row.expiresAt.getTime() <= Date.now()) throw refuse('expired', 'CONFLICT', CLOSED_MESSAGE.expired!);
  if (row.version !== input.version) {
    throw refuse('stale_version', 'CONFLICT', `This request was changed after you signed (now version ${row.version}); earlier approvals are void. Review the new version and sign again.`);
  }
  if (input.step > row.currentStep) throw refuse('step_not_open', 'CONFLICT', `Step ${row.currentStep + 1} is still open; step ${input.step + 1} cannot be decided yet.`);
  if (input.step < row.currentStep) throw refuse('step_closed', 'CONFLICT', `Step ${input.step + 1} is already complete; the request is on step ${row.currentStep + 1}.`);
  // The stored payload must still be what was requested and signed: an edit outside the use cases is refused.
  if (payloadHashOf(row.payload) !== row.payloadHash) throw refuse('payload_tampered', 'CONFLICT', 'The stored payload no longer matches its hash; nothing can be signed or executed. Report this to an administrator.');
  const { groupIndexes, oneStepPerPerson } = await checkSigner(tx, actor, row);
  const mine = await tx
    .select({ step: approvalDecisions.step })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version), eq(approvalDecisions.staffId, actor.staff.id)));
  if (mine.some((d) => d.step === row.currentStep)) throw refuse('already_decided', 'CONFLICT', 'You already decided on this step; a person counts once.');
  if (oneStepPerPerson && mine.length > 0) throw refuse('already_decided', 'CONFLICT', `You already signed step ${mine[0]!.step + 1}; this policy lets a person sign only one step of a request.`);
  return { groupIndexes, exclusive: oneStepPerPerson };
}

/**
 * Who may sign the open step, with current roles: never the requester, a member of one of its
 * groups, holding `approve` on the request. Checked before a signature is verified (a refused
 * signer's passkey is not touched) and again under the row lock.
 */
export async function checkSigner(db: TDbOrTx, actor: TActor, row: TRequestRow): Promise<{ groupIndexes: number[]; oneStepPerPerson: boolean }> {
  if (row.requesterId === actor.staff.id) throw refuse('self_approval', 'FORBIDDEN', 'You cannot decide on your own request (separation of duties).');
  const { tier, oneStepPerPerson } = await tierOf(db, row);
  const step = tier.steps[row.currentStep];
  if (!step) throw refuse('no_step', 'CONFLICT', 'This request has no open step.');
  const roleKeys = await currentRoleKeys(db, actor.staff.id);
  const groupIndexes = groupIndexesFor(step, actor.staff.id, roleKeys);
  if (groupIndexes.length === 0) throw refuse('not_eligible', 'FORBIDDEN', `You are not one of the people who may sign step ${row.currentStep + 1} ("${step.name}").`);
  const permitted = groupIndexes.some((i) => actor.ability.can('approve', requestSubject(row, step.groups[i]!.roleKey) as never));
  if (!permitted) throw refuse('not_permitted', 'FORBIDDEN', 'Your roles do not allow approving this request.');
  return { groupIndexes, oneStepPerPerson };
}

/** Audits a refused decision in its own transaction (the caller's rolled back with the error). */
export async function refuseDecision(
  db: TDb,
  actor: TActor,
  requestId: string,
  { forbidden, ...data }: { reason: string; step?: number; version?: number; signatureVerified: boolean; forbidden?: boolean },
): Promise<void> {
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'approval.decision_refused',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'approval_request', id: requestId },
      result: 'denied',
      reason: data.reason,
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { ...data, reason: data.reason.toLowerCase().replace(/[^a-z0-9_.:-]/g, '_').slice(0, 64) || 'refused' },
    }),
  );
  // A refusal of who is asking (not of the request's state) is also an access refusal, like every other 403.
  if (forbidden) await denyAccess(db, actor, { action: 'approve', subject: 'ApprovalRequest', targetId: requestId });
}
