/** The proof bundle format: a request and its signed decisions, verifiable offline (scripts/verify-approval.ts). */
import { z } from 'zod';

const ZB64u = z.string().regex(/^[A-Za-z0-9_-]*$/).max(20_000);

export const ZProofDecision = z.object({
  staffId: z.string(),
  staffName: z.string(),
  step: z.number().int().min(0),
  requestVersion: z.number().int().min(1),
  decision: z.enum(['approve', 'reject']),
  comment: z.string(),
  createdAt: z.string(),
  signatureVerifiedAtDecision: z.boolean(),
  nonce: z.string(),
  credentialId: ZB64u,
  /** base64url COSE public key of the passkey that signed. */
  publicKey: ZB64u,
  authenticatorData: ZB64u,
  clientDataJSON: ZB64u,
  signature: ZB64u,
});

export const ZProofBundle = z.object({
  format: z.literal('countersign-approval-proof/v1'),
  exportedAt: z.string(),
  relyingParty: z.object({ rpId: z.string().min(1), origin: z.string().min(1) }),
  request: z.object({
    id: z.string(),
    actionType: z.string(),
    status: z.string(),
    version: z.number().int().min(1),
    summary: z.string(),
    payload: z.record(z.string(), z.unknown()),
    payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
    requesterId: z.string(),
    policyVersion: z.number().int(),
    tierIndex: z.number().int(),
    createdAt: z.string(),
    executedAt: z.string().nullable(),
  }),
  decisions: z.array(ZProofDecision).max(500),
});

export type TApprovalProofBundle = z.infer<typeof ZProofBundle>;
export type TProofDecision = z.infer<typeof ZProofDecision>;
