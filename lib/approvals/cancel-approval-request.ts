/** The requester withdraws a pending request; audited; people who could sign are told. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { approvalRequests } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { z } from '@/lib/zod-setup';
import { stepMembers } from './eligibility';
import { notifyApproval } from './notify-approval';
import { CLOSED_MESSAGE, findVisibleRequest, lockRequest, tierOf } from './request-records';

export const ZCancelInput = z.strictObject({ requestId: z.uuid('Unknown approval request'), version: z.number().int().min(1).optional(), comment: ZPanSafeText(1000, { min: 0, label: 'comment' }).default('') });

export async function cancelApprovalRequest(db: TDb, actor: TActor, raw: unknown): Promise<{ status: 'cancelled' }> {
  const parsed = ZCancelInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const visible = await findVisibleRequest(db, actor, input.requestId, 'delete');
  if (visible.requesterId !== actor.staff.id) throw await denyAccess(db, actor, { action: 'delete', subject: 'ApprovalRequest', targetId: visible.id });
  return db.transaction(async (tx) => {
    const row = (await lockRequest(tx, visible.id))!;
    if (row.status !== 'pending') throw new AppError('CONFLICT', CLOSED_MESSAGE[row.status] ?? 'This request is closed.');
    if (input.version !== undefined && input.version !== row.version) throw new AppError('CONFLICT', 'This request changed since you opened it; reload it.');
    await tx.update(approvalRequests).set({ status: 'cancelled', closedAt: new Date(), updatedAt: new Date(), currentStepRoleKeys: [], currentStepStaffIds: [] }).where(eq(approvalRequests.id, row.id));
    await appendAuditEvent(tx, {
      action: 'approval.cancelled',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'approval_request', id: row.id },
      result: 'success',
      reason: input.comment || undefined,
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { version: row.version },
    });
    const { tier } = await tierOf(tx, row);
    const eligible = await stepMembers(tx, tier.steps[row.currentStep]!, new Set([row.requesterId]));
    await notifyApproval(tx, { kind: 'cancelled', recipients: eligible.map((p) => p.id), request: { id: row.id, version: row.version, actionType: row.actionType, summary: row.summary } });
    return { status: 'cancelled' as const };
  });
}
