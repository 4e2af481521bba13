/**
 * One seq range of a chain read and checked on its own (pure: the server and a worker thread run
 * the same code): every row's position and link to the row before it inside the range, the
 * head bound, and its recomputed hash. What it cannot settle alone it hands back: the rows whose
 * fast text did not hash to their stored hash (their full row decides), the stored hashes at the
 * checkpoint seqs asked for (their signatures are checked by the caller), and the range's first
 * and last links (joined to the neighbouring ranges by the caller).
 */
import { linksTo } from './links';
import { readChainPage, type TChainPageRow, type TRawQuery } from './packed-chain-rows';

export type TScanRangeInput = {
  chain: string;
  /** The range is afterSeq < seq <= uptoSeq; the last range of a walk is open-ended (Number.MAX_SAFE_INTEGER) so rows beyond the head are seen. */
  afterSeq: number;
  uptoSeq: number;
  headSeq: number;
  pageSize: number;
  checkpointSeqs: readonly number[];
};

export type TRangeScan = {
  first: TChainPageRow | null;
  last: TChainPageRow | null;
  count: number;
  /** A position, link or head bound is broken, the range is not whole, or too many rows mismatched: only the sequential walk can say what happened. */
  broken: boolean;
  /** Rows whose fast text did not hash to their stored hash. */
  mismatched: { seq: number; hash: string }[];
  /** [seq, stored hash] at each checkpoint seq in the range. */
  checkpointHashes: [number, string][];
};

export type TScanHooks = { stopped?: () => boolean; onPage?: (rows: number) => void };

/** More than this many rows for their full row to decide is no longer a spelling difference. */
const MAX_MISMATCHED = 64;

/** Keyset pages of the range, each read while the one before is checked. */
async function* keysetPages(query: TRawQuery, input: TScanRangeInput): AsyncGenerator<TChainPageRow[]> {
  const { chain, afterSeq, uptoSeq, pageSize } = input;
  let next: Promise<TChainPageRow[]> | null = readChainPage(query, chain, afterSeq, pageSize, uptoSeq);
  while (next) {
    const rows: TChainPageRow[] = await next;
    next = rows.length === pageSize ? readChainPage(query, chain, rows.at(-1)!.seq, pageSize, uptoSeq) : null;
    next?.catch(() => undefined);
    yield rows;
  }
}

export function scanRange(query: TRawQuery, input: TScanRangeInput, hooks: TScanHooks = {}): Promise<TRangeScan> {
  return scanPages(keysetPages(query, input), input, hooks);
}

/** The range's rows in seq order, in pages from any source (keyset pages above, or a COPY stream: copy-chain-rows.ts). */
export async function scanPages(pages: AsyncIterable<TChainPageRow[]>, input: TScanRangeInput, hooks: TScanHooks = {}): Promise<TRangeScan> {
  const { afterSeq, uptoSeq, headSeq } = input;
  const wanted = new Set(input.checkpointSeqs);
  const scan: TRangeScan = { first: null, last: null, count: 0, broken: false, mismatched: [], checkpointHashes: [] };
  const broken = () => Object.assign(scan, { broken: true });
  for await (const rows of pages) {
    if (hooks.stopped?.()) return broken();
    for (const row of rows) {
      // The first row's link to the range before is checked when the ranges are joined.
      const placed = scan.last ? linksTo(row, scan.last) : row.seq === afterSeq + 1;
      if (!placed || row.seq > headSeq) return broken();
      if (row.computed !== row.hash && scan.mismatched.push({ seq: row.seq, hash: row.hash }) > MAX_MISMATCHED) return broken();
      if (wanted.has(row.seq)) scan.checkpointHashes.push([row.seq, row.hash]);
      scan.first ??= row;
      scan.last = row;
      scan.count++;
    }
    hooks.onPage?.(rows.length);
  }
  // Every range must be whole: a gap at its end is a missing event or a removed tail.
  if (!scan.last || scan.last.seq !== Math.min(uptoSeq, headSeq)) return broken();
  return scan;
}
