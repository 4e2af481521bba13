/**
 * Opens an approval request: validates the payload with the action type's schema, checks the
 * type's own permission, evaluates the policy in force (stored version and tier recorded on the
 * request), renders the summary on the server, audits and notifies the first step's signers.
 * A form's submission id (unique per requester) makes a second delivery answer with the
 * request the first one opened (./approval-submission.ts).
 */
import 'server-only';
import { approvalRequests } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { z } from '@/lib/zod-setup';
import { findSubmittedRequest, replaySubmittedRequest } from './approval-submission';
import { payloadHashOf } from './decision-payload';
import { stepMembers, stepSignerColumns } from './eligibility';
import { selectTier } from './evaluate-policy';
import { notifyApproval } from './notify-approval';
import { currentPolicy } from './policy-store';
import { getActionType } from './registry';
import type { TPersonRef } from './types';

export const ZCreateApprovalRequestInput = z.strictObject({
  actionType: z.string().min(3).max(64),
  payload: z.record(z.string(), z.unknown()),
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }),
  /** Chosen by the form when it is shown; optional for server-side callers. */
  submissionId: z.uuid('The form is out of date; reload the page and try again').optional(),
});

export type TCreatedApprovalRequest = {
  id: string;
  version: number;
  payloadHash: string;
  summary: string;
  eligibleApprovers: TPersonRef[];
  /** True when this was a second delivery of a submission that had already opened the request. */
  replayed: boolean;
};

/** The payload as the action type parses it (defaults applied, unknown keys refused) — what will execute. */
export function parsePayload(actionType: string, raw: unknown) {
  const type = getActionType(actionType);
  const parsed = type.payloadSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: ['payload', ...i.path] })));
  return { type, payload: JSON.parse(JSON.stringify(parsed.data)) as Record<string, unknown> };
}

export async function createApprovalRequest(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedApprovalRequest> {
  const parsedInput = ZCreateApprovalRequestInput.safeParse(raw);
  if (!parsedInput.success) throw validationError(parsedInput.error.issues);
  const input = parsedInput.data;
  const { type, payload } = parsePayload(input.actionType, input.payload);
  await authorize(db, actor, type.requestPermission.action, type.requestPermission.subject);
  return db.transaction((tx) => insertApprovalRequest(tx, actor, { type, payload, reason: input.reason, submissionId: input.submissionId }));
}

/** The insert half, for callers that already validated and authorised (e.g. the role use cases, inside their transaction). */
export async function insertApprovalRequest(
  tx: TTx,
  actor: TActor,
  input: { type: ReturnType<typeof getActionType>; payload: Record<string, unknown>; reason: string; submissionId?: string },
): Promise<TCreatedApprovalRequest> {
  const { type, payload, submissionId } = input;
  const payloadHash = payloadHashOf(payload);
  const asked = { actionType: type.key, payloadHash, reason: input.reason };
  // A replay is answered before the type's own checks, which may refuse a second request of the kind the first one opened.
  const earlier = submissionId ? await findSubmittedRequest(tx, actor.staff.id, submissionId) : undefined;
  if (earlier) return replaySubmittedRequest(tx, earlier, asked);
  await type.validateRequest?.(tx, payload, actor.staff.id);
  const policy = await currentPolicy(tx, type);
  const tierIndex = selectTier(policy.definition, payload);
  const tier = policy.definition.tiers[tierIndex]!;
  const summary = type.summarize(payload).slice(0, 2000);
  const amount = type.amountOf?.(payload) ?? null;
  const now = new Date();
  const [row] = await tx
    .insert(approvalRequests)
    .values({
      actionType: type.key,
      payload,
      payloadHash,
      summary,
      reason: input.reason,
      requesterId: actor.staff.id,
      policyId: policy.id,
      policyVersion: policy.version,
      tierIndex,
      ...stepSignerColumns(tier.steps[0]),
      amountMinor: amount?.amountMinor ?? 0n,
      currency: amount?.currency ?? null,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + policy.definition.expiresInHours * 3600_000),
      submissionId: submissionId ?? null,
    })
    // A concurrent delivery of the same submission waits here for the first one's commit, then finds its row.
    .onConflictDoNothing({ target: [approvalRequests.requesterId, approvalRequests.submissionId] })
    .returning();
  if (!row) {
    const winner = submissionId ? await findSubmittedRequest(tx, actor.staff.id, submissionId) : undefined;
    if (!winner) throw new Error('approval request insert conflicted without an earlier submission');
    return replaySubmittedRequest(tx, winner, asked);
  }
  const request = row;
  await appendAuditEvent(tx, {
    action: 'approval.requested',
    actor: { type: 'staff', id: actor.staff.id },
    target: { type: 'approval_request', id: request.id },
    result: 'success',
    reason: input.reason.slice(0, 500),
    meta: { ...actor.meta, sessionId: actor.session.id },
    data: { actionType: type.key, version: 1, policyVersion: policy.version, tier: tierIndex, payloadHash },
  });
  const eligible = await stepMembers(tx, tier.steps[0]!, new Set([actor.staff.id]));
  await notifyApproval(tx, { kind: 'waiting', recipients: eligible.map((p) => p.id), request: { id: request.id, version: 1, actionType: type.key, summary, step: 0 } });
  return { id: request.id, version: 1, payloadHash, summary, eligibleApprovers: eligible.map(({ id, name }) => ({ id, name })), replayed: false };
}
