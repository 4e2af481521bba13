/**
 * The request page's data: the exact summary and payload, the policy tier with per-step
 * progress (who signed which group, who could still sign, what is missing) and the decision
 * timeline with each signature's verification result. Expires the request on read when due.
 */
import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import { approvalDecisions, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { stepMembers } from './eligibility';
import { stepAssignment } from './evaluate-policy';
import { expireIfDue } from './expire-request';
import { findActionType } from './registry';
import { findVisibleRequest, requestSubject, tierOf } from './request-records';
import { canRetry } from './retry-failed-request';
import type { TApprovalRequestDto, TDecisionDto, TPersonRef, TStepProgress } from './types';

/**
 * A signer's IP and device are the ones their audit events record: shown only to someone the
 * audit log would show an IP to regardless of the event (an unconditional grant of `ip` on
 * AuditEvent), never through an approval page alone.
 */
function signerNetworkVisible(actor: TActor): boolean {
  const rule = actor.ability.relevantRuleFor('read', 'AuditEvent', 'ip');
  return Boolean(rule && !rule.inverted && !rule.conditions);
}

export async function getApprovalRequest(db: TDb, actor: TActor, id: unknown): Promise<TApprovalRequestDto> {
  let row = await findVisibleRequest(db, actor, id);
  if (row.status === 'pending' && (await expireIfDue(db, row))) row = await findVisibleRequest(db, actor, row.id);
  const { tier, oneStepPerPerson } = await tierOf(db, row);
  const decisions = await db
    .select({ d: approvalDecisions, name: staff.name })
    .from(approvalDecisions)
    .innerJoin(staff, eq(staff.id, approvalDecisions.staffId))
    .where(eq(approvalDecisions.requestId, row.id))
    .orderBy(asc(approvalDecisions.createdAt));
  const [requester] = await db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, [row.requesterId]));
  const current = decisions.filter(({ d }) => d.requestVersion === row.version);
  const names = new Map(decisions.map(({ d, name }) => [d.staffId, name]));
  const steps: TStepProgress[] = [];
  for (const [index, step] of tier.steps.entries()) {
    const approvals = current.filter(({ d }) => d.step === index && d.decision === 'approve').map(({ d }) => ({ staffId: d.staffId, groupIndexes: d.groupIndexes }));
    const assigned = stepAssignment(step, approvals);
    const open = row.status === 'pending' && index === row.currentStep;
    const exclude = new Set([row.requesterId, ...current.filter(({ d }) => oneStepPerPerson || d.step === index).map(({ d }) => d.staffId)]);
    const eligible = open ? (await stepMembers(db, step, exclude)).map(({ id: pid, name }) => ({ id: pid, name })) : [];
    steps.push({
      index,
      name: step.name,
      state: index < row.currentStep || (index === row.currentStep && ['executed', 'failed', 'approved'].includes(row.status)) ? 'done' : open ? 'open' : row.status === 'pending' ? 'waiting' : 'void',
      groups: step.groups.map((g, gi) => ({
        label: g.label ?? (g.roleKey ? `${g.roleKey}${g.staffIds.length ? ` or ${g.staffIds.length} named` : ''}` : `${g.staffIds.length} named staff`),
        roleKey: g.roleKey ?? null,
        staffIds: g.staffIds,
        quorum: g.quorum,
        signedBy: assigned[gi]!.map((sid): TPersonRef => ({ id: sid, name: names.get(sid) ?? sid })),
        missing: Math.max(0, g.quorum - assigned[gi]!.length),
      })),
      eligible,
    });
  }
  const network = signerNetworkVisible(actor);
  const timeline: TDecisionDto[] = decisions.map(({ d, name }) => ({
    id: d.id, step: d.step, requestVersion: d.requestVersion, current: d.requestVersion === row.version, decision: d.decision, comment: d.comment,
    signer: { id: d.staffId, name }, signatureVerified: d.signatureVerified, passkeyId: d.passkeyId, credentialId: d.credentialId,
    ip: network ? d.ip : null, userAgent: network ? d.userAgent : null, networkHidden: !network, createdAt: d.createdAt.toISOString(),
  }));
  const openStep = steps[row.currentStep];
  const mine = row.requesterId === actor.staff.id;
  return {
    id: row.id, actionType: row.actionType, actionLabel: findActionType(row.actionType)?.label ?? row.actionType,
    payload: row.payload, payloadHash: row.payloadHash, summary: row.summary, reason: row.reason,
    requester: requester ?? { id: row.requesterId, name: 'Unknown' },
    status: row.status, version: row.version, currentStep: row.currentStep, policyVersion: row.policyVersion,
    tier: { index: row.tierIndex, name: tier.name }, steps, decisions: timeline,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), expiresAt: row.expiresAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null, executedAt: row.executedAt?.toISOString() ?? null,
    error: row.error, result: row.result ?? null, amountMinor: row.amountMinor.toString(), currency: row.currency,
    can: {
      decide: row.status === 'pending' && Boolean(openStep?.eligible.some((p) => p.id === actor.staff.id)) && actor.ability.can('approve', requestSubject(row) as never),
      cancel: mine && row.status === 'pending',
      editPayload: mine && row.status === 'pending' && findActionType(row.actionType)?.editablePayload === true,
      retry: row.status === 'failed' && row.expiresAt.getTime() > Date.now() && canRetry(actor, row),
      exportProof: true,
    },
  };
}
