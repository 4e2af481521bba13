/**
 * Checkpoint signatures checked off the main thread: Ed25519 verification of every checkpoint
 * of a chain runs on libuv's thread pool beside the hashing of the rows instead of between them. Same payload, key lookup and verdicts as
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

/** The verdict for each checkpoint by seq (`get`); the checks are all started by `start()` or the first `get`. */
export type TSignatureChecks = { start: () => void; get: (seq: number) => Promise<TSignatureVerdict> | undefined };

/**
 * Checks for every checkpoint, started on demand: the range walk starts its workers first,
 * since starting thousands of checks takes the main thread a while and the thread pool then
 * competes with the workers' start-up.
 */
export function checkSignaturesInBackground(checkpoints: readonly TCheckpoint[], keyring: TAuditKeyring): TSignatureChecks {
  let checks: Map<number, Promise<TSignatureVerdict>> | null = null;
  const started = () => (checks ??= new Map(checkpoints.map((cp) => [cp.seq, checkAsync(cp, keyring)])));
  return { start: () => void started(), get: (seq) => started().get(seq) };
}
