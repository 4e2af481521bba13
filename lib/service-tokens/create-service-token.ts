/**
 * Creates a service token inside the caller's transaction (the approval execution): random
 * 256-bit token stored only as a hash, a fresh HMAC signing secret stored encrypted, and a
 * `service_token.created` audit event. Returns the plaintexts for the one-time pickup; they
 * are never stored in clear nor logged.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { serviceTokens } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent, type TAuditActor } from '@/lib/audit/append-audit-event';
import { encryptField } from '@/lib/crypto';
import type { TServiceScope } from './authenticate-service-token';
import { generateServiceToken, generateSigningSecret } from './token-format';

export type TCreateServiceTokenInput = {
  name: string;
  scopes: TServiceScope[];
  expiresAt: Date;
  requireSignature: boolean;
  createdBy: string | null;
  createdViaRequestId?: string | null;
};

export type TCreatedServiceToken = { id: string; prefix: string; token: string; signingSecret: string; expiresAt: Date };

export async function createServiceToken(
  tx: TTx,
  input: TCreateServiceTokenInput,
  audit: { actor: TAuditActor; requestId?: string },
): Promise<TCreatedServiceToken> {
  const id = randomUUID();
  const { token, prefix, hash } = generateServiceToken();
  const signingSecret = generateSigningSecret();
  await tx.insert(serviceTokens).values({
    id,
    name: input.name,
    prefix,
    tokenHash: hash,
    scopes: input.scopes,
    hmacSecretEnc: encryptField({ table: 'service_tokens', column: 'hmac_secret_enc', rowId: id, plaintext: signingSecret }),
    requireSignature: input.requireSignature,
    expiresAt: input.expiresAt,
    createdBy: input.createdBy,
    createdViaRequestId: input.createdViaRequestId ?? null,
  });
  await appendAuditEvent(tx, {
    action: 'service_token.created',
    actor: audit.actor,
    target: { type: 'service_token', id },
    result: 'success',
    meta: audit.requestId ? { requestId: audit.requestId } : undefined,
    data: {
      prefix,
      scopes: input.scopes,
      expiresAt: input.expiresAt.toISOString(),
      ...(input.createdViaRequestId ? { approvalRequestId: input.createdViaRequestId } : {}),
    },
  });
  return { id, prefix, token, signingSecret, expiresAt: input.expiresAt };
}
