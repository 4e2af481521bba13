/**
 * A role change that adds privileged permissions is not applied: it opens a
 * `role.privileged-change` approval request (two administrators by default) in the caller's
 * transaction, and applies only when that request executes.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { insertApprovalRequest, parsePayload } from '@/lib/approvals/create-approval-request';
import type { TRoleChangePayload } from '@/lib/approvals/action-types/role-privileged-change';
import type { TActor } from '@/lib/auth/current-staff';

export const ROLE_CHANGE_ACTION = 'role.privileged-change';

export async function requestPrivilegedChange(tx: TTx, actor: TActor, payload: TRoleChangePayload, reason: string | undefined): Promise<string> {
  const { type, payload: canonical } = parsePayload(ROLE_CHANGE_ACTION, payload);
  const created = await insertApprovalRequest(tx, actor, { type, payload: canonical, reason: reason?.trim() || 'Privileged role change (needs approval)' });
  return created.id;
}
