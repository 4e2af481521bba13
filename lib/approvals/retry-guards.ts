/**
 * What must still hold before a failed request is executed again. A retry runs on approvals
 * given earlier, in another context: it is allowed only until the request's deadline, while the
 * requester may still ask for this action, and while every approval that counted comes from
 * someone who is still active and still belongs to the group they signed for. Otherwise the
 * request must be asked again, so that today's approvers see it.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { approvalDecisions, staff } from '@/db/schema';
import type { TTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';
import { currentRoleKeys, groupIndexesFor } from './eligibility';
import { getActionType } from './registry';
import { stepAt, tierOf, type TRequestRow } from './request-records';

const ASK_AGAIN = 'Ask for it again so that it is approved as things stand now.';

export async function assertRetryStillValid(tx: TTx, row: TRequestRow, now = new Date()): Promise<void> {
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('CONFLICT', `This request's approvals lapsed at its deadline (${row.expiresAt.toISOString()}), so it can no longer be retried. ${ASK_AGAIN}`);
  }
  const type = getActionType(row.actionType);
  const [requester] = await tx.select().from(staff).where(eq(staff.id, row.requesterId));
  const requesterAbility = requester?.status === 'active' ? buildAbilityForRoles(await loadRoles(tx, requester.id), requester) : null;
  if (!requesterAbility?.can(type.requestPermission.action, type.requestPermission.subject)) {
    throw new AppError('CONFLICT', `The requester may no longer ask for this action, so it can no longer be retried. ${ASK_AGAIN}`);
  }
  const { tier } = await tierOf(tx, row);
  const approvals = await tx
    .select({ staffId: approvalDecisions.staffId, step: approvalDecisions.step, groupIndexes: approvalDecisions.groupIndexes, status: staff.status })
    .from(approvalDecisions)
    .innerJoin(staff, eq(staff.id, approvalDecisions.staffId))
    .where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version), eq(approvalDecisions.decision, 'approve')));
  for (const a of approvals) {
    const stillIn = a.status === 'active' ? groupIndexesFor(stepAt(tier, a.step), a.staffId, await currentRoleKeys(tx, a.staffId)) : [];
    if (!a.groupIndexes.some((g) => stillIn.includes(g))) {
      throw new AppError('CONFLICT', `An approval that counted came from someone who is no longer active or no longer in the group they signed for, so it can no longer be retried. ${ASK_AGAIN}`);
    }
  }
}
