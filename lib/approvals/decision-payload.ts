/**
 * What an approver's passkey signs: the request, its version, the step, the decision and the
 * hash of the canonical payload. Shared by the server (challenge) and the offline verifier.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/audit/canonical-json';
import type { TDecisionSignedPayload } from './types';

/** Domain of action-signature challenges for approval decisions (lib/auth/action-signature.ts adds its prefix). */
export const DECISION_SIGNATURE_DOMAIN = 'approval-decision';

/** SHA-256 hex of the payload's canonical JSON: what signatures bind and what execution must match. */
export function payloadHashOf(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

export function decisionSignedPayload(input: TDecisionSignedPayload): TDecisionSignedPayload {
  return { requestId: input.requestId, version: input.version, step: input.step, decision: input.decision, payloadHash: input.payloadHash };
}
