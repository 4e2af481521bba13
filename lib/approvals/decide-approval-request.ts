/**
 * Records one passkey-signed decision. The signature is verified first (the challenge binds
 * request, version, step, decision and payload hash, and is single use); then, with the request
 * row locked, the state and separation-of-duties rules are checked against current roles. A
 * rejection ends the request (veto). The approval that completes the last step executes the
 * action in the same transaction; if the executor fails, everything rolls back and a second
 * transaction records the (valid) decision with the request `failed`.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { approvalDecisions, approvalRequests, passkeys } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { verifyActionSignature, type TActionSignatureProof } from '@/lib/auth/action-signature';
import type { TActor } from '@/lib/auth/current-staff';
import { ZAuthenticationResponse } from '@/lib/auth/webauthn-schemas';
import { AppError, validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { z } from '@/lib/zod-setup';
import { DECISION_SIGNATURE_DOMAIN, decisionSignedPayload } from './decision-payload';
import { checkDecisionAllowed, checkSigner, DecisionRefused, refuseDecision } from './decision-rules';
import { stepMembers, stepSignerColumns } from './eligibility';
import { stepComplete } from './evaluate-policy';
import { ExecutionFailed, executeInTransaction, executionFailureOf, recordExecutionFailure, type TExecutionTrace } from './execute-approved-request';
import { expireIfDue } from './expire-request';
import { notifyApproval } from './notify-approval';
import { findVisibleRequest, lockRequest, tierOf, type TRequestRow } from './request-records';

export const ZDecideInput = z.strictObject({
  requestId: z.uuid('Unknown approval request'),
  version: z.number().int().min(1),
  step: z.number().int().min(0),
  decision: z.enum(['approve', 'reject']),
  comment: ZPanSafeText(1000, { min: 0, label: 'comment' }).default(''),
  proof: ZAuthenticationResponse,
  bindingHash: z.string().min(1).max(200),
});
export type TDecideInput = z.input<typeof ZDecideInput>;

/** The body of POST /api/approvals/[id]/decision (the route adds the request id and browser binding); the comment is required there. */
export const ZDecisionRequestBody = z.strictObject({
  version: z.number().int().min(1),
  step: z.number().int().min(0),
  decision: z.enum(['approve', 'reject']),
  comment: ZPanSafeText(1000, { label: 'comment' }),
  response: z.unknown(),
});
export type TDecideResult = { status: TRequestRow['status']; currentStep: number; executed: boolean; error: string | null };

type TParsed = z.output<typeof ZDecideInput>;

export async function decideApprovalRequest(db: TDb, actor: TActor, raw: unknown): Promise<TDecideResult> {
  const parsed = ZDecideInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const visible = await findVisibleRequest(db, actor, input.requestId, 'approve');
  if (await expireIfDue(db, visible)) throw new AppError('CONFLICT', 'This request expired; no further decisions are possible.');
  if (visible.status === 'pending') {
    // Who is asking is checked before the signature, so a refused signer's passkey and challenge are left untouched.
    try {
      await checkSigner(db, actor, visible);
    } catch (e) {
      if (!(e instanceof DecisionRefused)) throw e;
      await refuseDecision(db, actor, visible.id, { reason: e.reasonCode, step: input.step, version: input.version, signatureVerified: false, forbidden: e.error.code === 'FORBIDDEN' });
      throw e.error;
    }
  }
  const signed = decisionSignedPayload({ requestId: visible.id, version: input.version, step: input.step, decision: input.decision, payloadHash: visible.payloadHash });
  let proof: TActionSignatureProof;
  try {
    proof = await verifyActionSignature(db, { actor, bindingHash: input.bindingHash, domain: DECISION_SIGNATURE_DOMAIN, payload: signed, response: input.proof });
  } catch (e) {
    const reason = e instanceof AppError && 'reasonCode' in e ? String(e.reasonCode) : 'signature_rejected';
    await refuseDecision(db, actor, visible.id, { reason, step: input.step, version: input.version, signatureVerified: false });
    throw e;
  }
  const [key] = await db.select({ publicKey: passkeys.publicKey }).from(passkeys).where(eq(passkeys.id, proof.passkeyId));
  if (!key) throw new AppError('PASSKEY_REJECTED', 'This passkey was removed while signing. Sign again with a current passkey.');
  const execution: TExecutionTrace = { started: false };
  try {
    return await db.transaction((tx) => decideLocked(tx, actor, input, proof, key.publicKey, execution));
  } catch (caught) {
    const e = executionFailureOf(caught, execution) ?? caught;
    if (e instanceof DecisionRefused) {
      await refuseDecision(db, actor, visible.id, { reason: e.reasonCode, step: input.step, version: input.version, signatureVerified: true, forbidden: e.error.code === 'FORBIDDEN' });
      throw e.error;
    }
    if (!(e instanceof ExecutionFailed)) throw e;
    // The execution transaction rolled back (decision included); record the decision and the failure together.
    return db
      .transaction(async (tx) => {
        const row = await lockRequest(tx, input.requestId);
        if (!row || row.status !== 'pending' || row.version !== input.version || row.currentStep !== input.step) throw new AppError('CONFLICT', 'This request changed while it was executing; reload it.');
        await insertDecision(tx, actor, input, proof, key.publicKey, row, await checkDecisionAllowed(tx, actor, row, input));
        await recordExecutionFailure(tx, row, { error: e, executedBy: actor.staff.id, meta: actor.meta });
        return { status: 'failed' as const, currentStep: row.currentStep, executed: false, error: e.publicMessage };
      })
      .catch((again: unknown) => {
        throw again instanceof DecisionRefused ? again.error : again;
      });
  }
}

async function insertDecision(tx: TTx, actor: TActor, input: TParsed, proof: TActionSignatureProof, publicKey: string, row: TRequestRow, rules: { groupIndexes: number[]; exclusive: boolean }) {
  await tx.insert(approvalDecisions).values({
    requestId: row.id,
    requestVersion: row.version,
    step: row.currentStep,
    staffId: actor.staff.id,
    requesterId: row.requesterId,
    exclusive: rules.exclusive,
    decision: input.decision,
    comment: input.comment,
    groupIndexes: rules.groupIndexes,
    payloadHash: row.payloadHash,
    credentialId: proof.credentialId,
    passkeyId: proof.passkeyId,
    publicKey,
    authenticatorData: proof.authenticatorData,
    clientDataJson: proof.clientDataJSON,
    signature: proof.signature,
    challenge: proof.challenge,
    nonce: proof.nonce,
    signatureVerified: true,
    ip: actor.meta.ip,
    userAgent: actor.meta.userAgent,
  });
  await appendAuditEvent(tx, {
    action: 'approval.decided',
    actor: { type: 'staff', id: actor.staff.id },
    target: { type: 'approval_request', id: row.id },
    result: 'success',
    reason: input.comment ? input.comment.slice(0, 300) : undefined,
    meta: { ...actor.meta, sessionId: actor.session.id },
    data: { decision: input.decision, step: row.currentStep, version: row.version, signatureVerified: true, passkeyId: proof.passkeyId, payloadHash: row.payloadHash },
  });
}

async function decideLocked(tx: TTx, actor: TActor, input: TParsed, proof: TActionSignatureProof, publicKey: string, execution: TExecutionTrace): Promise<TDecideResult> {
  const row = await lockRequest(tx, input.requestId);
  if (!row) throw new AppError('NOT_FOUND', 'No such approval request.');
  const rules = await checkDecisionAllowed(tx, actor, row, input);
  await insertDecision(tx, actor, input, proof, publicKey, row, rules);
  const audit = { actor: { type: 'staff' as const, id: actor.staff.id }, target: { type: 'approval_request', id: row.id }, meta: { ...actor.meta, sessionId: actor.session.id } };
  const ref = { id: row.id, version: row.version, actionType: row.actionType, summary: row.summary };
  if (input.decision === 'reject') {
    await tx.update(approvalRequests).set({ status: 'rejected', closedAt: new Date(), updatedAt: new Date(), currentStepRoleKeys: [], currentStepStaffIds: [] }).where(eq(approvalRequests.id, row.id));
    await appendAuditEvent(tx, { ...audit, action: 'approval.rejected', result: 'success', data: { step: row.currentStep, version: row.version } });
    await notifyApproval(tx, { kind: 'rejected', recipients: [row.requesterId], request: ref });
    return { status: 'rejected', currentStep: row.currentStep, executed: false, error: null };
  }
  const { tier } = await tierOf(tx, row);
  const step = tier.steps[row.currentStep]!;
  const approvals = await tx
    .select({ staffId: approvalDecisions.staffId, groupIndexes: approvalDecisions.groupIndexes })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version), eq(approvalDecisions.step, row.currentStep), eq(approvalDecisions.decision, 'approve')));
  if (!stepComplete(step, approvals)) return { status: 'pending', currentStep: row.currentStep, executed: false, error: null };
  await appendAuditEvent(tx, { ...audit, action: 'approval.step_completed', result: 'success', data: { step: row.currentStep, version: row.version } });
  const next = row.currentStep + 1;
  if (next < tier.steps.length) {
    await tx.update(approvalRequests).set({ currentStep: next, updatedAt: new Date(), ...stepSignerColumns(tier.steps[next]) }).where(eq(approvalRequests.id, row.id));
    const decided = await tx.select({ staffId: approvalDecisions.staffId }).from(approvalDecisions).where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version)));
    const exclude = new Set([row.requesterId, ...(rules.exclusive ? decided.map((d) => d.staffId) : [])]);
    const eligible = await stepMembers(tx, tier.steps[next]!, exclude);
    await notifyApproval(tx, { kind: 'waiting', recipients: eligible.map((p) => p.id), request: { ...ref, step: next } });
    return { status: 'pending', currentStep: next, executed: false, error: null };
  }
  const approvers = new Set((await tx.select({ staffId: approvalDecisions.staffId }).from(approvalDecisions).where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version), eq(approvalDecisions.decision, 'approve')))).map((d) => d.staffId));
  await appendAuditEvent(tx, { ...audit, action: 'approval.approved', result: 'success', data: { version: row.version, approvers: approvers.size } });
  await executeInTransaction(tx, row, { from: 'pending', executedBy: actor.staff.id, meta: audit.meta }, execution);
  return { status: 'executed', currentStep: row.currentStep, executed: true, error: null };
}
