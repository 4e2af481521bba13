/**
 * The requester changes what a pending request would execute. The new payload is validated
 * like a new request, the version goes up, every decision given so far is void (signatures bind
 * the version and payload hash), the request restarts at step 1 under the policy in force, and
 * its expiry restarts. Only action types marked `editablePayload` can be edited: for the others
 * an edit could name a record the requester may not act on, or keep labels in the summary that
 * no longer describe what executes (cancel and request again instead).
 */
import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import { approvalDecisions, approvalRequests } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';
import { z } from '@/lib/zod-setup';
import { parsePayload } from './create-approval-request';
import { payloadHashOf } from './decision-payload';
import { stepMembers, stepSignerColumns } from './eligibility';
import { selectTier } from './evaluate-policy';
import { notifyApproval } from './notify-approval';
import { currentPolicy } from './policy-store';
import { CLOSED_MESSAGE, findVisibleRequest, lockRequest } from './request-records';

const ZUpdatePayloadInput = z.strictObject({
  requestId: z.uuid('Unknown approval request'),
  version: z.number().int().min(1),
  payload: z.record(z.string(), z.unknown()),
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }).optional(),
});

export async function updateApprovalRequestPayload(db: TDb, actor: TActor, raw: unknown): Promise<{ version: number; payloadHash: string; summary: string }> {
  const parsed = ZUpdatePayloadInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const visible = await findVisibleRequest(db, actor, input.requestId, 'update');
  if (visible.requesterId !== actor.staff.id) throw await denyAccess(db, actor, { action: 'update', subject: 'ApprovalRequest', targetId: visible.id });
  const { type, payload } = parsePayload(visible.actionType, input.payload);
  if (!type.editablePayload) throw new AppError('CONFLICT', `A request of this kind (${type.label}) cannot be edited: cancel it and ask again.`);
  await authorize(db, actor, type.requestPermission.action, type.requestPermission.subject);
  return db.transaction(async (tx) => {
    const row = (await lockRequest(tx, visible.id))!;
    if (row.status !== 'pending') throw new AppError('CONFLICT', CLOSED_MESSAGE[row.status] ?? 'This request is closed.');
    if (row.version !== input.version) throw new AppError('CONFLICT', 'This request changed since you opened it; reload it and edit again.');
    const payloadHash = payloadHashOf(payload);
    if (payloadHash === row.payloadHash) throw new AppError('VALIDATION', 'payload: nothing changed', { issues: [{ path: 'payload', message: 'Nothing changed' }] });
    await type.validateRequest?.(tx, payload, actor.staff.id);
    const policy = await currentPolicy(tx, type);
    const tierIndex = selectTier(policy.definition, payload);
    const tier = policy.definition.tiers[tierIndex]!;
    const amount = type.amountOf?.(payload) ?? null;
    const summary = type.summarize(payload).slice(0, 2000);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(approvalDecisions).where(and(eq(approvalDecisions.requestId, row.id), eq(approvalDecisions.requestVersion, row.version)));
    const version = row.version + 1;
    const now = new Date();
    await tx
      .update(approvalRequests)
      .set({
        payload, payloadHash, summary, version, currentStep: 0, policyId: policy.id, policyVersion: policy.version, tierIndex, ...stepSignerColumns(tier.steps[0]),
        amountMinor: amount?.amountMinor ?? 0n, currency: amount?.currency ?? null, updatedAt: now,
        expiresAt: new Date(now.getTime() + policy.definition.expiresInHours * 3600_000),
        ...(input.reason ? { reason: input.reason } : {}),
      })
      .where(and(eq(approvalRequests.id, row.id), eq(approvalRequests.version, row.version)));
    await appendAuditEvent(tx, {
      action: 'approval.payload_changed',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'approval_request', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: { payload: row.payload },
      after: { payload },
      data: { fromVersion: row.version, toVersion: version, payloadHash, voidedDecisions: Number(n) },
    });
    const eligible = await stepMembers(tx, tier.steps[0]!, new Set([actor.staff.id]));
    await notifyApproval(tx, { kind: 'waiting', recipients: eligible.map((p) => p.id), request: { id: row.id, version, actionType: row.actionType, summary, step: 0 } });
    return { version, payloadHash, summary };
  });
}
