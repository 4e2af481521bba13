/**
 * Whether a row follows the one before it in the chain: the next position, and the previous
 * row's hash as its prev_hash (and not merely the same prev_hash as that row, which a copied
 * row would have). Pure, so the range scan can run it in a worker thread.
 */
import { GENESIS_HASH, type TAuditEventRow } from '../hash-audit-event';

export type TLink = Pick<TAuditEventRow, 'seq' | 'hash' | 'prevHash'>;

/** `prev` null: the row must be the chain's first. */
export function linksTo(r: TLink, prev: TLink | null): boolean {
  return r.seq === (prev?.seq ?? 0) + 1 && r.prevHash === (prev?.hash ?? GENESIS_HASH) && (!prev || r.prevHash !== prev.prevHash);
}
