/** The public half of the checkpoint signing key, published so anyone can verify checkpoints. */
import 'server-only';
import { getAuditSigningKey } from './audit-signing-key';

export type TAuditPublicKey = { keyId: string; pem: string };

export function getAuditPublicKey(): TAuditPublicKey {
  const { keyId, publicKeyPem } = getAuditSigningKey();
  return { keyId, pem: publicKeyPem };
}
