/**
 * The Ed25519 key that signs audit checkpoints (AUDIT_SIGNING_KEY; generated under .data in
 * development). The key id is the first 16 hex digits of SHA-256 over the public key's SPKI
 * DER, so a verifier can tell which key signed a checkpoint after a rotation.
 */
import 'server-only';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { env } from '@/lib/env';

export type TAuditSigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string; publicKeyPem: string };

let cached: { pem: string; key: TAuditSigningKey } | undefined;

/** The key id of an Ed25519 public key (first 16 hex of SHA-256 over its SPKI DER). */
export function auditKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function getAuditSigningKey(): TAuditSigningKey {
  const pem = env().auditSigningKeyPem;
  if (cached?.pem === pem) return cached.key;
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM)');
  }
  const publicKey = createPublicKey(privateKey);
  const key: TAuditSigningKey = {
    privateKey,
    publicKey,
    keyId: auditKeyId(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  cached = { pem, key };
  return key;
}
