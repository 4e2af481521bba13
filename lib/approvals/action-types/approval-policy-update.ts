/** `approval-policy.update`: saving a policy is itself approved (2 administrators by default). */
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { defineActionType, registeredActionTypes } from '../action-type';
import { ZPolicyDefinition, singleStepPolicy } from '../policy-schema';
import { currentPolicy, insertPolicyVersion } from '../policy-store';
import { structuralPolicyIssues } from '../validate-policy';

export const ZPolicyUpdatePayload = z.strictObject({
  actionType: z.string().min(3).max(64),
  /** The version the editor started from; execution fails if another save landed first. */
  basedOnVersion: z.number().int().min(1),
  definition: ZPolicyDefinition,
});

function describeTiers(definition: z.infer<typeof ZPolicyDefinition>): string {
  return definition.tiers
    .map((t) => `${t.name}: ${t.steps.map((s) => s.groups.map((g) => `${g.quorum} of ${g.roleKey ?? ''}${g.roleKey && g.staffIds.length ? ' or ' : ''}${g.staffIds.length ? `${g.staffIds.length} named` : ''}`).join(' AND ')).join(' then ')}`)
    .join('; ');
}

export const approvalPolicyUpdate = defineActionType({
  key: 'approval-policy.update',
  label: 'Change an approval policy',
  payloadSchema: ZPolicyUpdatePayload,
  // The summary is rendered from the payload alone and requesting needs no record-level check.
  editablePayload: true,
  defaultPolicy: singleStepPolicy('administrator', 2, 'Two administrators'),
  requestPermission: { action: 'update', subject: 'ApprovalPolicy' },
  summarize: (p) => `Change the approval policy of "${p.actionType}" from version ${p.basedOnVersion} to version ${p.basedOnVersion + 1} (expires after ${p.definition.expiresInHours} h; one step per person: ${p.definition.oneStepPerPerson ? 'yes' : 'no'}). ${describeTiers(p.definition)}`,
  validateRequest: async (tx, p) => {
    const type = registeredActionTypes().get(p.actionType);
    if (!type) throw new AppError('VALIDATION', `actionType: unknown action type "${p.actionType}"`, { issues: [{ path: 'actionType', message: 'Unknown action type' }] });
    const issues = structuralPolicyIssues(p.definition);
    if (issues.length) throw new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    if ((await currentPolicy(tx, type)).version !== p.basedOnVersion) throw new AppError('CONFLICT', 'The policy changed since you opened it. Reload and apply your changes again.');
  },
  execute: async (tx, p, ctx) => {
    const type = registeredActionTypes().get(p.actionType);
    if (!type || (await currentPolicy(tx, type)).version !== p.basedOnVersion) throw new AppError('CONFLICT', `Policy version ${p.basedOnVersion} is no longer current; the change was not applied.`);
    const stored = await insertPolicyVersion(tx, { actionType: p.actionType, basedOnVersion: p.basedOnVersion, definition: p.definition, createdBy: ctx.requesterId, sourceRequestId: ctx.requestId });
    return { actionType: p.actionType, version: stored.version };
  },
});
