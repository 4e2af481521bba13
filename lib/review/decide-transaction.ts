/**
 * A reviewer's decision on a frozen transaction: release, decline or escalate, each with a
 * reason code and a PAN-guarded note. A release at or above the currency's threshold does not
 * release: it opens a `transaction.release` approval request (the approvals engine releases it
 * exactly once when approved). The note, the change, the audit event and the webhook commit
 * together.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { insertApprovalRequest, parsePayload } from '@/lib/approvals/create-approval-request';
import { TRANSACTION_RELEASE } from '@/lib/approvals/action-types/transaction-release';
import type { TActor } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { applyDecision, DECIDABLE, insertNote } from './apply-decision';
import { REASON_CODES, ZDecisionInput, type TDecision } from './decision-codes';
import { auditActor, loadForAction, type TTransactionRow } from './load-transaction';
import { exponentOf, formatMinor } from './money';
import { releaseNeedsApproval } from './review-config';

export type TDecisionResult =
  | { outcome: 'decided'; status: string; version: number }
  | { outcome: 'approval_requested'; approvalRequestId: string; summary: string };

/** Refusals that are about state, not permission: decided already, or someone else holds it. */
export function assertDecidableBy(row: TTransactionRow, actorId: string): void {
  if (!(DECIDABLE as readonly string[]).includes(row.status)) throw new AppError('CONFLICT', `This transaction is already ${row.status}.`);
  if (row.assigneeId && row.assigneeId !== actorId) throw new AppError('CONFLICT', 'Someone else is reviewing this transaction. Ask them, or have it reassigned to you.');
}

export async function decideTransaction(db: TDb, actor: TActor, raw: unknown): Promise<TDecisionResult> {
  const parsed = ZDecisionInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const row = await loadForAction(db, actor, input.transactionId, input.decision);
  assertDecidableBy(row, actor.staff.id);
  const version = input.version ?? row.version;
  if (input.decision === 'release' && releaseNeedsApproval(env().review.releaseThresholds, row.amountMinor, row.currency)) {
    return requestRelease(db, actor, row, { reasonCode: input.reasonCode, note: input.note });
  }
  return db.transaction(async (tx) => {
    const noteId = await insertNote(tx, row.id, actor.staff.id, input.note);
    const done = await applyDecision(tx, {
      transactionId: row.id,
      decision: input.decision as TDecision,
      reasonCode: input.reasonCode,
      actorId: actor.staff.id,
      meta: auditActor(actor).meta,
      version,
      holderMayBe: actor.staff.id,
      noteId,
    });
    return { outcome: 'decided' as const, ...done };
  });
}

async function requestRelease(db: TDb, actor: TActor, row: TTransactionRow, input: { reasonCode: string; note: string }): Promise<TDecisionResult> {
  return db.transaction(async (tx) => {
    const noteId = await insertNote(tx, row.id, actor.staff.id, input.note);
    const payload = {
      transactionId: row.id,
      reference: row.externalId,
      amountMinor: row.amountMinor.toString(),
      currency: row.currency,
      majorAmount: (row.amountMinor / 10n ** BigInt(exponentOf(row.currency))).toString(),
      reasonCode: input.reasonCode,
      noteId,
    };
    const label = REASON_CODES.release[input.reasonCode as keyof typeof REASON_CODES.release] ?? input.reasonCode;
    const request = await insertApprovalRequest(tx, actor, {
      ...parsePayload(TRANSACTION_RELEASE, payload),
      reason: `${label}: ${input.note}`.slice(0, 1000),
    });
    await appendAuditEvent(tx, {
      ...auditActor(actor),
      action: 'transaction.release_requested',
      target: { type: 'transaction', id: row.id },
      result: 'success',
      data: { approvalRequestId: request.id, reasonCode: input.reasonCode, noteId, amountMinor: payload.amountMinor, currency: row.currency },
    });
    return { outcome: 'approval_requested' as const, approvalRequestId: request.id, summary: `Release of ${formatMinor(row.amountMinor, row.currency)} sent for approval.` };
  });
}
