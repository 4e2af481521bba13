/**
 * Checkpoint signatures: Ed25519 over the canonical JSON of {chain, seq, hash, createdAt, keyId}
 * (createdAt as an ISO string), base64-encoded. Ed25519 hashes internally, hence `sign(null, …)`.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { auditKeyId } from './audit-signing-key';

export type TCheckpointFields = { chain: string; seq: number; hash: string; createdAt: Date; keyId: string };

export function checkpointSigningPayload(c: TCheckpointFields): Buffer {
  const payload = { chain: c.chain, seq: c.seq, hash: c.hash, createdAt: c.createdAt.toISOString(), keyId: c.keyId };
  return Buffer.from(canonicalJson(payload), 'utf8');
}

export function signCheckpoint(c: TCheckpointFields, privateKey: KeyObject): string {
  return sign(null, checkpointSigningPayload(c), privateKey).toString('base64');
}

/** Public keys a verifier trusts, by key id (the current key plus any retired ones). */
export type TAuditKeyring = ReadonlyMap<string, KeyObject>;

export function buildAuditKeyring(publicKeys: (KeyObject | string)[]): TAuditKeyring {
  const ring = new Map<string, KeyObject>();
  for (const k of publicKeys) {
    const key = typeof k === 'string' ? createPublicKey(k) : k;
    ring.set(auditKeyId(key), key);
  }
  return ring;
}

/** 'ok', 'unknown_key' (signed by a key the verifier does not trust) or 'bad_signature'. */
export function checkCheckpointSignature(
  c: TCheckpointFields & { signature: string },
  keyring: TAuditKeyring,
): 'ok' | 'unknown_key' | 'bad_signature' {
  const key = keyring.get(c.keyId);
  if (!key) return 'unknown_key';
  try {
    return verify(null, checkpointSigningPayload(c), key, Buffer.from(c.signature, 'base64')) ? 'ok' : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}
