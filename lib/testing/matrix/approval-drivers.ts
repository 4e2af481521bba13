/**
 * How the matrix calls the approvals endpoints (app/(console)/approvals/actions.ts and
 * app/api/approvals/**). Targets are approval requests made by approval-targets.ts; a decision
 * carries a real passkey assertion over the decision payload, so only authorisation can refuse it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { approvalDecisions, approvalRequests, auditEvents } from '@/db/schema';
import { GET as getProof } from '@/app/api/approvals/[id]/proof/route';
import { POST as postDecision } from '@/app/api/approvals/[id]/decision/route';
import { POST as postOptions } from '@/app/api/approvals/[id]/signature-options/route';
import * as approvalActions from '@/app/(console)/approvals/actions';
import { DECISION_SIGNATURE_DOMAIN, decisionSignedPayload } from '@/lib/approvals/decision-payload';
import { createActionSignatureOptions } from '@/lib/auth/action-signature';
import { actorFor } from '@/lib/testing/auth-factories';
import { MATRIX_POLICY_PAYLOAD } from './approval-targets';
import { auditHighWater } from './db-digest';
import { outcomeOfAction, outcomeOfResponse, type TCellSetup, type TEndpointDriver } from './outcome';
import { ROLE_PRINCIPALS } from './principals';
import { currentRequest } from './request-context';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function requestRow(setup: TCellSetup, id: string) {
  const [row] = await setup.db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
  return row;
}

/** An approval assertion the caller's own passkey made for this request (or, for a caller without a live session, one over random bytes). */
async function signedApproval(setup: TCellSetup, requestId: string) {
  const person = setup.principal.person ?? setup.cast.bystander;
  const live = (ROLE_PRINCIPALS as readonly string[]).includes(setup.principal.kind) && setup.principal.sessionId;
  if (!live) return person.authenticator.assert(randomBytes(32).toString('base64url'));
  const payloadHash = (await requestRow(setup, requestId))?.payloadHash ?? '0'.repeat(64);
  const actor = await actorFor(setup.db, setup.principal.sessionId!);
  const payload = decisionSignedPayload({ requestId, version: 1, step: 0, decision: 'approve', payloadHash });
  const options = await createActionSignatureOptions(setup.db, { actor, bindingHash: setup.principal.bindingHash, domain: DECISION_SIGNATURE_DOMAIN, payload });
  return person.authenticator.assert(options.challenge);
}

async function auditedSince(setup: TCellSetup, seq: number, action: string): Promise<boolean> {
  const rows = await setup.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, action), gt(auditEvents.seq, seq)));
  return rows.length > 0;
}

export const APPROVAL_DRIVERS = {
  cancelApprovalRequestAction: {
    target: 'approval',
    prepare: async (setup) => {
      const requestId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await approvalActions.cancelApprovalRequestAction({ requestId, version: 1 })),
        happened: async () => (await requestRow(setup, requestId))?.status === 'cancelled',
      };
    },
  },
  updateApprovalPayloadAction: {
    target: 'approval',
    prepare: async (setup) => {
      const requestId = targetOf(setup);
      const payload = { ...MATRIX_POLICY_PAYLOAD, definition: { ...MATRIX_POLICY_PAYLOAD.definition, expiresInHours: 48 } };
      return {
        call: async () => outcomeOfAction(await approvalActions.updateApprovalPayloadAction({ requestId, version: 1, payload })),
        happened: async () => (await requestRow(setup, requestId))?.version === 2,
      };
    },
  },
  retryApprovalRequestAction: {
    target: 'failed-approval',
    prepare: async (setup) => {
      const requestId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await approvalActions.retryApprovalRequestAction(requestId)),
        happened: async () => ((await requestRow(setup, requestId))?.executionAttempts ?? 0) > 1,
      };
    },
  },
  previewApproversAction: {
    target: null,
    prepare: async () => ({
      call: async () => outcomeOfAction(await approvalActions.previewApproversAction({ actionType: 'approval-policy.update', payload: MATRIX_POLICY_PAYLOAD })),
    }),
  },
  saveApprovalPolicyAction: {
    target: null,
    prepare: async (setup) => {
      const reason = `matrix ${randomUUID()}`;
      const { actionType, definition } = MATRIX_POLICY_PAYLOAD;
      return {
        call: async () => outcomeOfAction(await approvalActions.saveApprovalPolicyAction({ actionType, definition, reason })),
        happened: async () => (await setup.db.select().from(approvalRequests).where(eq(approvalRequests.reason, reason))).length === 1,
      };
    },
  },
  'POST /api/approvals/[id]/signature-options': {
    target: 'approval-step',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const seq = await auditHighWater(setup.db);
      return {
        call: async () => outcomeOfResponse(await postOptions(currentRequest('POST', `/api/approvals/${id}/signature-options`, { version: 1, step: 0, decision: 'approve' }), params(id))),
        happened: async () => !(await auditedSince(setup, seq, 'approval.decision_refused')),
      };
    },
  },
  'POST /api/approvals/[id]/decision': {
    target: 'approval-step',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const response = await signedApproval(setup, id);
      const body = { version: 1, step: 0, decision: 'approve', comment: 'Matrix approval', response };
      return {
        call: async () => outcomeOfResponse(await postDecision(currentRequest('POST', `/api/approvals/${id}/decision`, body), params(id))),
        happened: async () =>
          (await setup.db.select().from(approvalDecisions).where(and(eq(approvalDecisions.requestId, id), eq(approvalDecisions.staffId, setup.principal.person?.staffId ?? randomUUID())))).length === 1,
      };
    },
  },
  'GET /api/approvals/[id]/proof': {
    target: 'approval',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const seq = await auditHighWater(setup.db);
      return {
        call: async () => outcomeOfResponse(await getProof(currentRequest('GET', `/api/approvals/${id}/proof`), params(id))),
        happened: () => auditedSince(setup, seq, 'approval.proof_exported'),
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
