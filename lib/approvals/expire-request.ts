/**
 * Expiry: a pending request past its deadline becomes `expired`, audited and notified, exactly
 * once (conditional update). Called on read and by the periodic sweep.
 */
import 'server-only';
import { and, eq, lte, sql } from 'drizzle-orm';
import { approvalRequests } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { notifyApproval } from './notify-approval';
import type { TRequestRow } from './request-records';

/** True when this call (or an earlier one) expired the request. */
export async function expireIfDue(db: TDb, row: Pick<TRequestRow, 'id' | 'status' | 'expiresAt'>): Promise<boolean> {
  if (row.status === 'expired') return true;
  if (row.status !== 'pending' || row.expiresAt.getTime() > Date.now()) return false;
  await expireById(db, row.id);
  return true;
}

export async function expireById(db: TDb, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvalRequests)
      .set({ status: 'expired', closedAt: new Date(), updatedAt: new Date(), currentStepRoleKeys: [], currentStepStaffIds: [] })
      .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, 'pending'), lte(approvalRequests.expiresAt, sql`now()`)))
      .returning();
    if (!row) return false;
    await appendAuditEvent(tx, {
      action: 'approval.expired',
      actor: { type: 'system' },
      target: { type: 'approval_request', id: row.id },
      result: 'success',
      data: { version: row.version },
    });
    await notifyApproval(tx, { kind: 'expired', recipients: [row.requesterId], request: { id: row.id, version: row.version, actionType: row.actionType, summary: row.summary } });
    return true;
  });
}
