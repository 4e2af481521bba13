/**
 * Approval notifications: one in-console notification per recipient (lib/notifications) and
 * one outbox row per notification for the webhook worker, both in the caller's transaction.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { notifyStaff } from '@/lib/notifications/notify-staff';
import { enqueueOutboxMessage } from '@/lib/outbox/enqueue-outbox-message';

export type TApprovalNotificationKind = 'waiting' | 'executed' | 'rejected' | 'expired' | 'failed' | 'cancelled';

const TITLES: Record<TApprovalNotificationKind, string> = {
  waiting: 'An approval request waits for your step',
  executed: 'Your approval request was approved and executed',
  rejected: 'Your approval request was rejected',
  expired: 'Your approval request expired',
  failed: 'Your approved request failed to execute',
  cancelled: 'An approval request you could sign was cancelled',
};

export async function notifyApproval(
  tx: TTx,
  input: { kind: TApprovalNotificationKind; recipients: readonly string[]; request: { id: string; version: number; actionType: string; summary: string; step?: number } },
): Promise<void> {
  const recipients = [...new Set(input.recipients)];
  if (recipients.length === 0) return;
  const { request } = input;
  const severity = input.kind === 'failed' ? 'critical' : input.kind === 'rejected' || input.kind === 'expired' ? 'warning' : 'info';
  const detail = { requestId: request.id, version: request.version, actionType: request.actionType, ...(request.step !== undefined ? { step: request.step } : {}) };
  await notifyStaff(tx, recipients, { kind: `approval.${input.kind}`, severity, title: `${TITLES[input.kind]}: ${request.summary}`.slice(0, 300), href: `/approvals/${request.id}`, detail });
  for (const staffId of recipients) {
    const step = request.step !== undefined ? `:s${request.step}` : '';
    await enqueueOutboxMessage(tx, {
      topic: `notification.approval.${input.kind}`,
      idempotencyKey: `approval:${request.id}:v${request.version}${step}:${input.kind}:${staffId}`,
      payload: { ...detail, kind: input.kind, staffId, title: TITLES[input.kind] },
    });
  }
}
