/**
 * Exactly-once execution. `executeInTransaction` runs inside the transaction that moves the
 * request to `executed` (a conditional UPDATE on status and version), so the executor's
 * database effects commit with the status change or not at all. An executor failure is
 * wrapped in ExecutionFailed so the caller can roll back and then record `failed` separately.
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { approvalDecisions, approvalRequests, type TApprovalStatus } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { isConnectionLost } from '@/db/connection-lost';
import { AppError, isAppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { logger } from '@/lib/log/logger';
import { payloadHashOf } from './decision-payload';
import { notifyApproval } from './notify-approval';
import { getActionType } from './registry';
import type { TRequestRow } from './request-records';

export class ExecutionFailed extends Error {
  constructor(readonly publicMessage: string, readonly cause: unknown) {
    super(publicMessage);
    this.name = 'ExecutionFailed';
  }
}

/**
 * What happened to an execution attempt, kept OUTSIDE its transaction: when the connection dies,
 * the transaction can reject with the connection's error (postgres.js rejects it as soon as the
 * socket closes, possibly before the executor's own statement fails) instead of ExecutionFailed.
 */
export type TExecutionTrace = { started: boolean; failure?: ExecutionFailed };

/**
 * The failure to record for an execution transaction that rejected with `caught`: the executor's
 * own ExecutionFailed, or, when the attempt had started and the connection was lost, a failure
 * of its own (the transaction did not commit there; recording it is conditional on the request's
 * state, so a commit that did land is never overwritten). Null when `caught` is something else.
 */
export function executionFailureOf(caught: unknown, trace: TExecutionTrace): ExecutionFailed | null {
  if (caught instanceof ExecutionFailed) return caught;
  if (trace.failure) return trace.failure;
  if (trace.started && isConnectionLost(caught)) return new ExecutionFailed(publicExecutionError(caught), caught);
  return null;
}

/** What the requester sees: an AppError's message, never an internal error's text. */
export function publicExecutionError(e: unknown): string {
  if (isAppError(e)) return e.message.slice(0, 500);
  return 'Execution failed because of an internal error; the change was not applied. It can be retried.';
}

export async function approverIdsOf(tx: TTx, row: Pick<TRequestRow, 'id' | 'version'>): Promise<string[]> {
  const rows = await tx
    .select({ staffId: approvalDecisions.staffId })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version), eq(approvalDecisions.decision, 'approve')))
    .orderBy(asc(approvalDecisions.createdAt));
  return rows.map((r) => r.staffId);
}

/**
 * Moves `from` → executed only if the row is still in `from` at `version`, then runs the
 * executor in the same transaction. Throws CONFLICT when someone else got there first.
 * `trace` (kept by the caller outside the transaction) records that the attempt started and
 * the executor's failure, for executionFailureOf after the transaction rejected.
 */
export async function executeInTransaction(
  tx: TTx,
  row: TRequestRow,
  input: { from: TApprovalStatus; executedBy: string; meta: TRequestMeta },
  trace?: TExecutionTrace,
): Promise<Record<string, unknown> | null> {
  if (trace) trace.started = true;
  try {
    return await claimAndExecute(tx, row, input);
  } catch (e) {
    if (trace && e instanceof ExecutionFailed) trace.failure = e;
    throw e;
  }
}

async function claimAndExecute(tx: TTx, row: TRequestRow, input: { from: TApprovalStatus; executedBy: string; meta: TRequestMeta }): Promise<Record<string, unknown> | null> {
  const attempt = row.executionAttempts + 1;
  const [claimed] = await tx
    .update(approvalRequests)
    .set({ status: 'executed', executedAt: new Date(), closedAt: new Date(), updatedAt: new Date(), error: null, executionAttempts: sql`${approvalRequests.executionAttempts} + 1`, currentStepRoleKeys: [], currentStepStaffIds: [] })
    .where(and(eq(approvalRequests.id, row.id), eq(approvalRequests.status, input.from), eq(approvalRequests.version, row.version)))
    .returning({ id: approvalRequests.id });
  if (!claimed) throw new AppError('CONFLICT', 'This request was already executed or changed; nothing was done.');
  if (payloadHashOf(row.payload) !== row.payloadHash) throw new ExecutionFailed('The stored payload no longer matches the approved hash; nothing was executed.', new Error('payload hash mismatch'));
  const type = getActionType(row.actionType);
  const approverIds = await approverIdsOf(tx, row);
  let result: Record<string, unknown> | null;
  try {
    const payload = type.payloadSchema.parse(row.payload);
    result = (await type.execute(tx, payload, { requestId: row.id, requesterId: row.requesterId, approverIds, executedBy: input.executedBy, meta: input.meta })) ?? null;
  } catch (e) {
    throw new ExecutionFailed(publicExecutionError(e), e);
  }
  if (result) await tx.update(approvalRequests).set({ result }).where(eq(approvalRequests.id, row.id));
  await appendAuditEvent(tx, {
    action: 'approval.executed',
    actor: { type: 'staff', id: input.executedBy },
    target: { type: 'approval_request', id: row.id },
    result: 'success',
    meta: input.meta,
    data: { actionType: row.actionType, version: row.version, attempt },
  });
  await notifyApproval(tx, { kind: 'executed', recipients: [row.requesterId], request: { id: row.id, version: row.version, actionType: row.actionType, summary: row.summary } });
  return result;
}

/** After the execution transaction rolled back: record the failure (status `failed`, error) in a new one. */
export async function recordExecutionFailure(
  tx: TTx,
  row: TRequestRow,
  input: { error: ExecutionFailed; executedBy: string; meta: TRequestMeta },
): Promise<void> {
  logger().warn({ requestId: row.id, actionType: row.actionType, err: input.error.cause instanceof Error ? input.error.cause.message : String(input.error.cause) }, 'approved action failed');
  await tx
    .update(approvalRequests)
    .set({ status: 'failed', error: input.error.publicMessage, closedAt: new Date(), updatedAt: new Date(), executionAttempts: sql`${approvalRequests.executionAttempts} + 1`, currentStepRoleKeys: [], currentStepStaffIds: [] })
    .where(eq(approvalRequests.id, row.id));
  await appendAuditEvent(tx, {
    action: 'approval.execution_failed',
    actor: { type: 'staff', id: input.executedBy },
    target: { type: 'approval_request', id: row.id },
    result: 'failure',
    reason: input.error.publicMessage.slice(0, 300),
    meta: input.meta,
    data: { actionType: row.actionType, version: row.version, attempt: row.executionAttempts + 1 },
  });
  await notifyApproval(tx, { kind: 'failed', recipients: [row.requesterId], request: { id: row.id, version: row.version, actionType: row.actionType, summary: row.summary, step: row.executionAttempts + 1 } });
}
