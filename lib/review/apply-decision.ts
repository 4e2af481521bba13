/**
 * The state change of a decision, shared by a reviewer's direct decision and the approved
 * `transaction.release` request: conditional update (status and, when given, version), the
 * audit event and the payment-core webhook (outbox, idempotent per resulting version) in the
 * caller's transaction.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { transactionNotes, transactions } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { enqueueOutboxMessage } from '@/lib/outbox/enqueue-outbox-message';
import { DECISION_STATUS, type TDecision } from './decision-codes';

export const DECIDABLE = ['frozen', 'in_review', 'escalated'] as const;
export const DECISION_TOPIC = 'transaction.decision';

export type TApplyDecision = {
  transactionId: string;
  decision: TDecision;
  reasonCode: string;
  actorId: string;
  meta: TRequestMeta & { sessionId?: string | null };
  /** Null: any version (the approval executor re-checks the state instead). */
  version: number | null;
  /** Only decide when nobody else holds it (direct decisions); approvals pass null. */
  holderMayBe: string | null | 'anyone';
  noteId?: string;
  approvalRequestId?: string;
  bulk?: boolean;
};

export async function insertNote(tx: TTx, transactionId: string, authorId: string, body: string): Promise<string> {
  const [note] = await tx.insert(transactionNotes).values({ transactionId, authorId, body }).returning({ id: transactionNotes.id });
  return note!.id;
}

export async function applyDecision(tx: TTx, d: TApplyDecision): Promise<{ status: string; version: number }> {
  const status = DECISION_STATUS[d.decision];
  const final = d.decision !== 'escalate';
  const now = new Date();
  const holder = d.holderMayBe === 'anyone' ? undefined : sql`(${transactions.assigneeId} is null or ${transactions.assigneeId} = ${d.holderMayBe})`;
  const [before] = await tx.select({ status: transactions.status, assigneeId: transactions.assigneeId }).from(transactions).where(eq(transactions.id, d.transactionId)).for('update');
  const [row] = await tx
    .update(transactions)
    .set({
      status,
      decisionReasonCode: d.reasonCode,
      version: sql`${transactions.version} + 1`,
      ...(final ? { decidedAt: now, decidedBy: d.actorId } : { assigneeId: null, claimedAt: null }),
    })
    .where(and(eq(transactions.id, d.transactionId), inArray(transactions.status, [...DECIDABLE]), d.version === null ? undefined : eq(transactions.version, d.version), holder))
    .returning({ version: transactions.version, externalId: transactions.externalId, amountMinor: transactions.amountMinor, currency: transactions.currency });
  if (!row) throw new AppError('CONFLICT', 'This transaction was decided, claimed by someone else or changed since you loaded it. Reload and try again.');
  const common = { actor: { type: 'staff' as const, id: d.actorId }, target: { type: 'transaction', id: d.transactionId }, result: 'success' as const, meta: d.meta, before: { status: before?.status, assigneeId: before?.assigneeId }, after: { status } };
  const extra = { ...(d.noteId ? { noteId: d.noteId } : {}), version: row.version };
  if (d.decision === 'release') await appendAuditEvent(tx, { ...common, action: 'transaction.released', data: { reasonCode: d.reasonCode, ...extra, ...(d.approvalRequestId ? { approvalRequestId: d.approvalRequestId } : {}) } });
  else if (d.decision === 'decline') await appendAuditEvent(tx, { ...common, action: 'transaction.declined', data: { reasonCode: d.reasonCode, bulk: d.bulk ?? false, ...extra } });
  else await appendAuditEvent(tx, { ...common, action: 'transaction.escalated', data: { reasonCode: d.reasonCode, ...extra } });
  // The payment core acts on this (release or block the payment); the delivery worker signs it with HMAC.
  await enqueueOutboxMessage(tx, {
    topic: DECISION_TOPIC,
    idempotencyKey: `transaction-decision:${d.transactionId}:v${row.version}`,
    payload: {
      transactionId: d.transactionId,
      externalId: row.externalId,
      decision: d.decision,
      status,
      reasonCode: d.reasonCode,
      amountMinor: row.amountMinor.toString(),
      currency: row.currency,
      decidedAt: now.toISOString(),
      version: row.version,
      ...(d.approvalRequestId ? { approvalRequestId: d.approvalRequestId } : {}),
    },
  });
  return { status, version: row.version };
}
