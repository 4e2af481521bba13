/**
 * The verification walk split into disjoint seq ranges scanned side by side, each inside the
 * verifier's snapshot (snapshot-readers.ts: worker threads, or this thread over pool
 * connections). Each range checks its own rows (scan-range.ts); here the ranges are joined
 * (each range's first row must link to the previous range's last), rows whose fast text did not
 * hash to their stored hash are settled by their full row, and the stored hashes at checkpoint
 * seqs are checked against their signed checkpoints.
 *
 * It only ever confirms an intact chain: at the first sign of a problem the ranges stop and the
 * caller runs the sequential walk, which finds the first problem in seq order and classifies it.
 * So a broken chain costs a second walk, and the verdict is always the sequential one.
 */
import 'server-only';
import type { TCheckpoint } from '../create-checkpoint';
import type { TSignatureChecks } from './check-signatures-async';
import { checkCheckpoint } from './intact-checks';
import { linksTo, type TLink } from './links';
import type { TRangeScan } from './scan-range';
import type { TRangeScanner } from './snapshot-readers';

export type TRangeWalkInput = {
  chain: string;
  /** The link before the first row to walk: null at genesis, the signed cut after a prune. */
  start: TLink | null;
  afterSeq: number;
  headSeq: number;
  pageSize: number;
  checkpoints: ReadonlyMap<number, TCheckpoint>;
  signatures: TSignatureChecks;
  /** Whether the full drizzle row of `seq` hashes to `hash` (the fast text and the row can differ in spelling; the row decides). */
  fullRowHashes: (seq: number, hash: string) => Promise<boolean>;
  /** Called with the number of rows each page read. */
  onChecked: (rows: number) => void;
};

export type TRangeWalk = { checked: number; last: TLink | null; lastCheckpointSeq: number | null };

/**
 * Walks (afterSeq, headSeq] in one range per scanner; the last range is open-ended so rows
 * beyond the head are seen. Null when any range, join, row or checkpoint is not intact.
 */
export async function walkInRanges(scanners: readonly TRangeScanner[], input: TRangeWalkInput): Promise<TRangeWalk | null> {
  const { chain, afterSeq, headSeq, pageSize } = input;
  const k = scanners.length;
  const bounds = Array.from({ length: k + 1 }, (_, i) => (i === k ? Number.MAX_SAFE_INTEGER : afterSeq + Math.floor(((headSeq - afterSeq) * i) / k)));
  const cpSeqs = [...input.checkpoints.keys()];
  let stop = false;
  const scanning = Promise.allSettled(scanners.map(async (scan, i) => {
    const [lo, hi] = [bounds[i]!, bounds[i + 1]!];
    const result = await scan({ chain, afterSeq: lo, uptoSeq: hi, headSeq, pageSize, checkpointSeqs: cpSeqs.filter((s) => s > lo && s <= hi) }, input.onChecked, () => stop);
    if (result.broken) stop = true;
    return result;
  }));
  // The ranges' workers are on their way: the checkpoint signatures can take the thread pool now.
  input.signatures.start();
  const settled = await scanning;
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const scans = settled.map((s) => (s as PromiseFulfilledResult<TRangeScan>).value);
  if (scans.some((s) => s.broken)) return null;
  let prev = input.start;
  let checked = 0;
  for (const scan of scans) {
    if (!scan.first || !linksTo(scan.first, prev)) return null;
    prev = scan.last;
    checked += scan.count;
  }
  for (const { seq, hash } of scans.flatMap((s) => s.mismatched)) if (!(await input.fullRowHashes(seq, hash))) return null;
  let lastCheckpointSeq: number | null = null;
  for (const [seq, hash] of scans.flatMap((s) => s.checkpointHashes)) {
    if (checkCheckpoint(input.checkpoints.get(seq)!, { hash }, await input.signatures.get(seq)!)) return null;
    lastCheckpointSeq = seq;
  }
  return { checked, last: prev, lastCheckpointSeq };
}
