/**
 * Offline checkpoint checks for export verification. Mirrors checkpoint-signature.ts (Ed25519
 * over the canonical JSON of {chain, seq, hash, createdAt, keyId}; key id = first 16 hex of
 * SHA-256 over the SPKI DER) without its server-only key loading, so it runs with no secrets.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

export function publicKeyFromPem(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export type TExportedCheckpoint = { seq: number; hash: string; createdAt: string; keyId: string; signature: string };

export function isCheckpointSignatureValid(chain: string, cp: TExportedCheckpoint, key: KeyObject): boolean {
  try {
    const payload = { chain, seq: cp.seq, hash: cp.hash, createdAt: new Date(cp.createdAt).toISOString(), keyId: cp.keyId };
    return verify(null, Buffer.from(canonicalJson(payload), 'utf8'), key, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}
