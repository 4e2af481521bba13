/**
 * Checkpoint signatures checked off the main thread: Ed25519 verification of every checkpoint
 * of a chain is started on libuv's thread pool when verification begins, so it runs beside
 * the hashing of the rows instead of between them. Same payload, key lookup and verdicts as
 * checkCheckpointSignature.
 */
import 'server-only';
import { verify } from 'node:crypto';
import { checkpointSigningPayload, type TAuditKeyring } from '@/lib/audit/checkpoint-signature';
import type { TCheckpoint } from '@/lib/audit/create-checkpoint';

export type TSignatureVerdict = 'ok' | 'unknown_key' | 'bad_signature';

function checkAsync(cp: TCheckpoint, keyring: TAuditKeyring): Promise<TSignatureVerdict> {
  const key = keyring.get(cp.keyId);
  if (!key) return Promise.resolve('unknown_key');
  return new Promise((resolve) => {
    try {
      verify(null, checkpointSigningPayload(cp), key, Buffer.from(cp.signature, 'base64'), (err, valid) => resolve(!err && valid ? 'ok' : 'bad_signature'));
    } catch {
      resolve('bad_signature');
    }
  });
}

/** The verdict for each checkpoint, by seq; all started now, each awaited when the walk reaches it. */
export function checkSignaturesInBackground(checkpoints: readonly TCheckpoint[], keyring: TAuditKeyring): Map<number, Promise<TSignatureVerdict>> {
  return new Map(checkpoints.map((cp) => [cp.seq, checkAsync(cp, keyring)]));
}
