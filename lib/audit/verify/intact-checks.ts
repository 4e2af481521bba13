/**
 * The cheap checks of the verification walk, shared by the sequential walk and the range
 * walk: whether a row is intact without any query, and a checkpoint's verdict.
 */
import 'server-only';
import type { TChainProblem } from '../check-chain-row';
import type { TCheckpoint } from '../create-checkpoint';
import type { TAuditEventRow } from '../hash-audit-event';
import type { TSignatureVerdict } from './check-signatures-async';
import { linksTo, type TLink } from './links';
import type { TChainPageRow } from './packed-chain-rows';

export type { TLink } from './links';

/** Signature first (a forged checkpoint proves nothing), then the row it vouches for. */
export function checkCheckpoint(cp: TCheckpoint, row: Pick<TAuditEventRow, 'hash'> | null, sig: TSignatureVerdict): TChainProblem | null {
  if (sig !== 'ok') {
    const why = sig === 'unknown_key' ? `was signed by untrusted key ${cp.keyId}` : 'has an invalid signature';
    return { seq: cp.seq, kind: 'bad_checkpoint_signature', detail: `the checkpoint at seq ${cp.seq} ${why}` };
  }
  if (row && row.hash !== cp.hash) {
    return {
      seq: cp.seq,
      kind: 'recomputed_after_checkpoint',
      detail: `row ${cp.seq} no longer has the hash signed at ${cp.createdAt.toISOString()}: the chain up to it was rewritten and re-hashed`,
    };
  }
  return null;
}

/**
 * The whole of checkChainRow's verdict for an intact row, without a query: position, link,
 * hash and head. Any row failing it is re-checked in full by checkChainRow.
 */
export function isIntact(r: TChainPageRow, prev: TLink | null, headSeq: number): boolean {
  return linksTo(r, prev) && r.seq <= headSeq && r.computed === r.hash;
}
