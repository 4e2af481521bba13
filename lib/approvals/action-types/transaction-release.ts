/**
 * `transaction.release`: releasing a frozen transaction at or above the per-currency threshold
 * (lib/review/review-config) needs approvals. Default policy: one compliance officer other than
 * the requester, then one ops approver; from 50,000.00 in the currency's major unit, the
 * compliance officer and then two ops approvers. Execution releases the transaction exactly once
 * (the approvals engine executes once; the conditional update refuses a decided transaction)
 * and enqueues the payment-core webhook in the same transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { approvalRequests } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { applyDecision, DECIDABLE } from '@/lib/review/apply-decision';
import { REASON_CODES } from '@/lib/review/decision-codes';
import { selectTransaction } from '@/lib/review/load-transaction';
import { exponentOf, formatMinor } from '@/lib/review/money';
import { defineActionType } from '../action-type';

export const TRANSACTION_RELEASE = 'transaction.release';
const releaseReasons = Object.keys(REASON_CODES.release) as [string, ...string[]];

export const ZTransactionReleasePayload = z
  .strictObject({
    transactionId: z.uuid(),
    reference: z.string().min(1).max(64),
    amountMinor: z.string().regex(/^[1-9]\d{0,17}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** Whole major units (amountMinor / 10^exponent, rounded down): what the 50,000.00 tier compares. */
    majorAmount: z.string().regex(/^\d{1,18}$/),
    reasonCode: z.enum(releaseReasons),
    noteId: z.uuid().optional(),
  })
  .refine((p) => BigInt(p.majorAmount) === BigInt(p.amountMinor) / 10n ** BigInt(exponentOf(p.currency)), { path: ['majorAmount'], message: 'does not match amountMinor' });

export type TTransactionReleasePayload = z.infer<typeof ZTransactionReleasePayload>;

const complianceStep = { name: 'Compliance officer', groups: [{ roleKey: 'compliance-officer', quorum: 1 }] };

export const transactionRelease = defineActionType({
  key: TRANSACTION_RELEASE,
  label: 'Release a frozen transaction',
  payloadSchema: ZTransactionReleasePayload,
  defaultPolicy: {
    tiers: [
      { name: '50,000.00 or more', when: [{ field: 'majorAmount', op: 'gte', value: '50000' }], steps: [complianceStep, { name: 'Ops approvers', groups: [{ roleKey: 'ops-approver', quorum: 2 }] }] },
      { name: 'Default', steps: [complianceStep, { name: 'Ops approver', groups: [{ roleKey: 'ops-approver', quorum: 1 }] }] },
    ],
  },
  requestPermission: { action: 'release', subject: 'Transaction' },
  summarize: (p) => `Release frozen transaction ${p.reference} of ${formatMinor(p.amountMinor, p.currency)} (reason: ${REASON_CODES.release[p.reasonCode as keyof typeof REASON_CODES.release] ?? p.reasonCode}); the payment core is told to let it through.`,
  amountOf: (p) => ({ amountMinor: BigInt(p.amountMinor), currency: p.currency }),
  validateRequest: async (tx, p) => {
    const row = await selectTransaction(tx, p.transactionId);
    if (!row || row.externalId !== p.reference || row.amountMinor !== BigInt(p.amountMinor) || row.currency !== p.currency) throw new AppError('VALIDATION', 'payload: does not match the transaction');
    if (!(DECIDABLE as readonly string[]).includes(row.status)) throw new AppError('CONFLICT', 'This transaction is already decided.');
    const [pending] = await tx
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.actionType, TRANSACTION_RELEASE), eq(approvalRequests.status, 'pending'), sql`${approvalRequests.payload}->>'transactionId' = ${p.transactionId}`));
    if (pending) throw new AppError('CONFLICT', 'A release of this transaction is already waiting for approval.');
  },
  execute: async (tx, p, ctx) => {
    const result = await applyDecision(tx, {
      transactionId: p.transactionId,
      decision: 'release',
      reasonCode: p.reasonCode,
      actorId: ctx.requesterId,
      meta: ctx.meta,
      version: null,
      holderMayBe: 'anyone',
      noteId: p.noteId,
      approvalRequestId: ctx.requestId,
    });
    return { status: result.status, version: result.version };
  },
});
