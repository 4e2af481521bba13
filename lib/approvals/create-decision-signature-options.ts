/**
 * Starts signing a decision: checks (without locking) that the actor could decide this step
 * right now, then issues a single-use challenge over the decision payload. Returns exactly what
 * will be signed so the dialog can show it.
 */
import 'server-only';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { TDb } from '@/db/types';
import { createActionSignatureOptions } from '@/lib/auth/action-signature';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError, validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { DECISION_SIGNATURE_DOMAIN, decisionSignedPayload } from './decision-payload';
import { checkDecisionAllowed, DecisionRefused, refuseDecision } from './decision-rules';
import { expireIfDue } from './expire-request';
import { findVisibleRequest } from './request-records';
import type { TDecisionSignedPayload } from './types';

const ZOptionsInput = z.strictObject({
  requestId: z.uuid('Unknown approval request'),
  version: z.number().int().min(1),
  step: z.number().int().min(0),
  decision: z.enum(['approve', 'reject']),
  bindingHash: z.string().min(1).max(200),
});

export async function createDecisionSignatureOptions(
  db: TDb,
  raw: { actor: TActor } & Record<string, unknown>,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; signed: TDecisionSignedPayload; summary: string }> {
  const { actor, ...rest } = raw;
  const parsed = ZOptionsInput.safeParse(rest);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const row = await findVisibleRequest(db, actor, input.requestId, 'approve');
  if (await expireIfDue(db, row)) throw new AppError('CONFLICT', 'This request expired; no further decisions are possible.');
  try {
    await db.transaction((tx) => checkDecisionAllowed(tx, actor, row, input));
  } catch (e) {
    if (!(e instanceof DecisionRefused)) throw e;
    await refuseDecision(db, actor, row.id, { reason: e.reasonCode, step: input.step, version: input.version, signatureVerified: false, forbidden: e.error.code === 'FORBIDDEN' });
    throw e.error;
  }
  const signed = decisionSignedPayload({ requestId: row.id, version: input.version, step: input.step, decision: input.decision, payloadHash: row.payloadHash });
  const options = await createActionSignatureOptions(db, { actor, bindingHash: input.bindingHash, domain: DECISION_SIGNATURE_DOMAIN, payload: signed });
  return { options, signed, summary: row.summary };
}
