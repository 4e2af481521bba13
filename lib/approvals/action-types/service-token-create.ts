/**
 * `service-token.create`: a new API token for the payment core. An administrator asks; one
 * administrator and one compliance officer (other than the requester) approve; execution
 * generates the token (stored hashed, signing secret encrypted) and parks its plaintext,
 * encrypted, for the requester to read exactly once on the API settings page.
 */
import { z } from 'zod';
import { SERVICE_SCOPES } from '@/lib/service-tokens/authenticate-service-token';
import { createServiceToken } from '@/lib/service-tokens/create-service-token';
import { parkServiceTokenPickup } from '@/lib/service-tokens/service-token-pickup';
import { defineActionType } from '../action-type';

export const SERVICE_TOKEN_MAX_DAYS = 365;

export const ZServiceTokenCreatePayload = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[^\p{Cc}]+$/u, 'no control characters'),
  scopes: z.array(z.enum(SERVICE_SCOPES)).min(1).max(SERVICE_SCOPES.length),
  expiresInDays: z.int().min(1).max(SERVICE_TOKEN_MAX_DAYS),
  requireSignature: z.boolean(),
});
export type TServiceTokenCreatePayload = z.infer<typeof ZServiceTokenCreatePayload>;

export const serviceTokenCreate = defineActionType({
  key: 'service-token.create',
  label: 'Create an API service token',
  payloadSchema: ZServiceTokenCreatePayload,
  // The summary is rendered from the payload alone and requesting needs no record-level check.
  editablePayload: true,
  defaultPolicy: {
    tiers: [
      {
        name: 'Default',
        steps: [{ name: 'Administrator and compliance', groups: [{ roleKey: 'administrator', quorum: 1 }, { roleKey: 'compliance-officer', quorum: 1 }] }],
      },
    ],
  },
  requestPermission: { action: 'create', subject: 'ServiceToken' },
  summarize: (p) =>
    `Create service token "${p.name}" with scope ${p.scopes.join(', ')}, valid ${p.expiresInDays} days, ` +
    `${p.requireSignature ? 'HMAC-signed requests required' : 'HMAC signature optional'}.`,
  execute: async (tx, p, ctx) => {
    const created = await createServiceToken(
      tx,
      {
        name: p.name,
        scopes: [...p.scopes],
        expiresAt: new Date(Date.now() + p.expiresInDays * 86_400_000),
        requireSignature: p.requireSignature,
        createdBy: ctx.requesterId,
        createdViaRequestId: ctx.requestId,
      },
      { actor: { type: 'staff', id: ctx.executedBy }, requestId: ctx.meta.requestId },
    );
    await parkServiceTokenPickup(tx, { tokenId: created.id, requesterId: ctx.requesterId, token: created.token, signingSecret: created.signingSecret });
    return { tokenId: created.id, prefix: created.prefix };
  },
});
