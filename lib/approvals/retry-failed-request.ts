/**
 * Retries a `failed` request's execution: the requester or anyone allowed to approve it. The
 * conditional claim (failed → executed at the same version) makes concurrent retries execute
 * exactly once; a failing retry stays `failed` with the new error. The approvals must still
 * stand (lib/approvals/retry-guards.ts): before the deadline, requester and approvers unchanged.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { executeInTransaction, executionFailureOf, recordExecutionFailure, type TExecutionTrace } from './execute-approved-request';
import { findVisibleRequest, lockRequest, requestSubject, type TRequestRow } from './request-records';
import { assertRetryStillValid } from './retry-guards';

const ZRetryInput = z.strictObject({ requestId: z.uuid('Unknown approval request') });

export function canRetry(actor: TActor, row: TRequestRow): boolean {
  return row.requesterId === actor.staff.id || actor.ability.can('approve', requestSubject(row) as never);
}

export async function retryFailedRequest(db: TDb, actor: TActor, raw: unknown): Promise<{ status: 'executed' | 'failed'; error: string | null }> {
  const parsed = ZRetryInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const visible = await findVisibleRequest(db, actor, parsed.data.requestId, 'approve');
  if (!canRetry(actor, visible)) throw await denyAccess(db, actor, { action: 'approve', subject: 'ApprovalRequest', targetId: visible.id });
  const meta = { ...actor.meta, sessionId: actor.session.id };
  const execution: TExecutionTrace = { started: false };
  try {
    return await db.transaction(async (tx) => {
      const row = (await lockRequest(tx, visible.id))!;
      if (row.status !== 'failed') throw new AppError('CONFLICT', row.status === 'executed' ? 'This request was already executed.' : 'Only a failed request can be retried.');
      await assertRetryStillValid(tx, row);
      await appendAuditEvent(tx, { action: 'approval.retried', actor: { type: 'staff', id: actor.staff.id }, target: { type: 'approval_request', id: row.id }, result: 'success', meta, data: { attempt: row.executionAttempts + 1 } });
      await executeInTransaction(tx, row, { from: 'failed', executedBy: actor.staff.id, meta }, execution);
      return { status: 'executed' as const, error: null };
    });
  } catch (caught) {
    const e = executionFailureOf(caught, execution);
    if (!e) throw caught;
    return db.transaction(async (tx) => {
      const row = (await lockRequest(tx, visible.id))!;
      if (row.status !== 'failed') throw new AppError('CONFLICT', 'This request changed while retrying; reload it.');
      await recordExecutionFailure(tx, row, { error: e, executedBy: actor.staff.id, meta });
      return { status: 'failed' as const, error: e.publicMessage };
    });
  }
}
