/**
 * verifyAuditChain: streams one chain in seq order (keyset pages, so memory stays flat on a
 * long log), recomputes every hash and link, checks every signed checkpoint against the row
 * at its seq, and compares the tail with the chain head. Stops at the first problem and
 * reports its seq and kind. Runs in one REPEATABLE READ snapshot so concurrent appends
 * neither race the head check nor look like tampering.
 */
import 'server-only';
import { availableParallelism } from 'node:os';
import { and, asc, count, eq, gt } from 'drizzle-orm';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { getAuditSigningKey } from './audit-signing-key';
import { checkChainRow, type TChainProblem } from './check-chain-row';
import { buildAuditKeyring } from './checkpoint-signature';
import { findPruneStart } from './find-prune-start';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import { checkSignaturesInBackground } from './verify/check-signatures-async';
import { checkCheckpoint, isIntact, type TLink } from './verify/intact-checks';
import { rawQueryOf, readChainPage, type TChainPageRow } from './verify/read-chain-page';
import { rangeScanners } from './verify/snapshot-readers';
import { rangeWorkerBundle } from './verify/worker-bundle';
import { logger } from '@/lib/log/logger';
import { walkInRanges, type TRangeWalk, type TRangeWalkInput } from './verify/verify-in-ranges';

export type { TChainProblem, TChainProblemKind } from './check-chain-row';

export type TVerifyAuditChainOptions = {
  chain?: string;
  batchSize?: number;
  /**
   * Events checked so far. `locating` is set once ranges read side by side met a problem and the chain is walked again
   * from the start to locate and classify it exactly (the count restarts there).
   */
  onProgress?: (p: { chain: string; checked: number; total: number; locating?: true }) => void;
  /** False reads full drizzle rows instead of raw text pages (the path for drivers without raw access; tests compare the two). */
  fastRead?: boolean;
  /** Extra trusted public keys (SPKI PEM), e.g. keys retired by a rotation. The current key is always trusted. */
  publicKeys?: string[];
  /**
   * Connections reading disjoint ranges side by side (PostgreSQL; verify-in-ranges.ts). Default:
   * one per CPU (at most 4) for a chain of PARALLEL_MIN_EVENTS or more, else 1 (sequential).
   */
  readers?: number;
  /** False scans the ranges on this thread instead of in worker threads (tests compare the two). */
  workers?: boolean;
};

/** Below this many events one connection is as fast as several. */
const PARALLEL_MIN_EVENTS = 50_000;
const MAX_READERS = 4;

export type TVerifyAuditChainResult = {
  ok: boolean;
  chain: string;
  checked: number;
  /** The events to check: those the chain head vouches for after any prune cut (the rows present when there is no head). */
  total: number;
  headSeq: number;
  lastCheckpoint: { seq: number; verified: boolean } | null;
  /** Set when the chain starts after an approved retention prune: events up to this seq were deleted. */
  prunedThrough: number | null;
  problem?: TChainProblem;
};

async function readFullRow(tx: TTx, chain: string, seq: number): Promise<TAuditEventRow> {
  const [row] = await tx.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq)));
  if (!row) throw new Error(`audit event ${chain}#${seq} vanished inside a repeatable-read snapshot`);
  return row;
}

/** `size` rows per read; progress is reported every `progressEvery` rows (the page size callers asked for, else 1000) and at each page's end. */
type TPageReader = ((afterSeq: number) => Promise<TChainPageRow[]>) & { size: number; progressEvery: number };

/** Raw pages (canonical text assembled by the database) where the driver allows, else full drizzle rows canonicalised here. */
function pageReader(tx: TTx, chain: string, batchSize: number | undefined, fastRead: boolean): TPageReader {
  const raw = fastRead ? rawQueryOf(tx) : null;
  const size = batchSize ?? (raw ? 5000 : 1000);
  const read = raw
    ? (after: number) => readChainPage(raw, chain, after, size)
    : async (after: number) => {
        const rows = await tx.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, after))).orderBy(asc(auditEvents.seq)).limit(size);
        return rows.map((r) => ({ seq: r.seq, hash: r.hash, prevHash: r.prevHash, computed: computeAuditHash(r) }));
      };
  return Object.assign(read, { size, progressEvery: batchSize ?? 1000 });
}

async function verifyInSnapshot(db: TDb, tx: TTx, chain: string, opts: TVerifyAuditChainOptions): Promise<TVerifyAuditChainResult> {
  const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
  // A chain long enough for range workers: their code is bundled while the checkpoints are read.
  if ((head?.seq ?? 0) >= PARALLEL_MIN_EVENTS && opts.workers !== false && opts.fastRead !== false) void rangeWorkerBundle();
  const checkpoints = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(asc(auditCheckpoints.seq));
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const keyring = buildAuditKeyring([getAuditSigningKey().publicKey, ...(opts.publicKeys ?? [])]);
  const headSeq = head?.seq ?? 0;

  let checked = 0;
  let lastCheckpoint: TVerifyAuditChainResult['lastCheckpoint'] = null;
  // A chain pruned through an approved request starts after its signed cut (see find-prune-start.ts).
  const pruned = await findPruneStart(tx, chain, checkpoints, keyring);
  // Declared through a cast so TS does not narrow it to null across the paging loop.
  let prev = (pruned ? { seq: pruned.cutSeq, hash: pruned.cutHash, prevHash: '' } : null) as TLink | null;
  let afterSeq = pruned?.cutSeq ?? 0;
  const prunedThrough = pruned?.cutSeq ?? null;
  // What the head vouches for (no scan of a long chain just to size a progress bar); counted only when there is no head.
  const total = head
    ? Math.max(0, headSeq - (prunedThrough ?? 0))
    : ((await tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, chain)))[0]?.n ?? 0);
  const result = (problem?: TChainProblem): TVerifyAuditChainResult => ({
    ok: !problem, chain, checked, total, headSeq, lastCheckpoint, prunedThrough, ...(problem ? { problem } : {}),
  });

  const signatures = checkSignaturesInBackground(checkpoints, keyring);
  const readPage = pageReader(tx, chain, opts.batchSize, opts.fastRead ?? true);
  let reported = -1;
  let locating = false;
  const report = () => {
    reported = checked;
    opts.onProgress?.(locating ? { chain, checked, total, locating } : { chain, checked, total });
  };
  let rangesLive = true;
  const ranged = await walkSideBySide(db, tx, opts, {
    chain, start: prev, afterSeq, headSeq, pageSize: readPage.size, checkpoints: bySeq, signatures,
    fullRowHashes: async (seq, hash) => computeAuditHash(await readFullRow(tx, chain, seq)) === hash,
    onChecked: (rows) => {
      // A range still winding down after the walk gave up must not count into the sequential walk's figures.
      if (!rangesLive) return;
      checked += rows;
      if (Math.floor(checked / readPage.progressEvery) !== Math.floor((checked - rows) / readPage.progressEvery) || rows < readPage.size) report();
    },
  });
  rangesLive = false;
  if (ranged) {
    ({ checked } = ranged);
    prev = ranged.last;
    afterSeq = prev?.seq ?? afterSeq;
    lastCheckpoint = ranged.lastCheckpointSeq === null ? null : { seq: ranged.lastCheckpointSeq, verified: true };
    if (reported !== checked) report();
  } else if (checked > 0) {
    // A range found something: the sequential walk below finds the first problem and classifies it.
    checked = 0;
    locating = true;
    report();
  }
  let next: Promise<TChainPageRow[]> | null = ranged ? null : readPage(afterSeq);
  while (next) {
    const rows: TChainPageRow[] = await next;
    // The next page is read while this one is hashed (the database and the CPU work side by side).
    next = rows.length === readPage.size ? readPage(rows.at(-1)!.seq) : null;
    next?.catch(() => undefined);
    for (const row of rows) {
      if (!isIntact(row, prev, headSeq)) {
        // Something is off (or the fast text differs from the full row's): the full row decides, with the same classification as always.
        const problem = await checkChainRow(tx, await readFullRow(tx, chain, row.seq), prev, headSeq);
        if (problem) return result(problem);
      }
      checked++;
      if (checked % readPage.progressEvery === 0) report();
      prev = row;
      afterSeq = row.seq;
      const cp = bySeq.get(row.seq);
      if (cp) {
        lastCheckpoint = { seq: cp.seq, verified: false };
        const cpProblem = checkCheckpoint(cp, row, await signatures.get(cp.seq)!);
        if (cpProblem) return result(cpProblem);
        lastCheckpoint.verified = true;
      }
    }
    if (reported !== checked) report();
  }

  const lastSeq = afterSeq;
  const beyond = checkpoints.filter((c) => c.seq > lastSeq);
  for (const cp of beyond) {
    const sigProblem = checkCheckpoint(cp, null, await signatures.get(cp.seq)!);
    if (sigProblem) return result(sigProblem);
  }
  if (lastSeq > 0 && !head) return result({ seq: 1, kind: 'head_mismatch', detail: 'the chain has events but no chain head row' });
  if (headSeq > lastSeq) {
    return result({ seq: lastSeq + 1, kind: 'head_mismatch', detail: `the chain head says ${headSeq} events but the chain ends at ${lastSeq}: the tail was removed` });
  }
  if (beyond.length > 0) {
    const top = beyond.at(-1)!.seq;
    return result({ seq: lastSeq + 1, kind: 'head_mismatch', detail: `a signed checkpoint proves events up to ${top} existed but the chain ends at ${lastSeq}: the tail was removed` });
  }
  if (head && prev && head.hash !== prev.hash) {
    return result({ seq: headSeq, kind: 'head_mismatch', detail: `the chain head's hash differs from row ${headSeq}'s: the last event was rewritten` });
  }
  if (head && head.lastCheckpointSeq > 0 && !bySeq.has(head.lastCheckpointSeq)) {
    return result({ seq: head.lastCheckpointSeq, kind: 'head_mismatch', detail: `the chain head records a checkpoint at seq ${head.lastCheckpointSeq} that no longer exists` });
  }
  return result();
}

/** The range walk when it applies (PostgreSQL, fast reads, a long chain with a head, readers to spare), else null. */
async function walkSideBySide(db: TDb, tx: TTx, opts: TVerifyAuditChainOptions, input: TRangeWalkInput): Promise<TRangeWalk | null> {
  const span = input.headSeq - input.afterSeq;
  const wanted = opts.readers ?? (span >= PARALLEL_MIN_EVENTS ? Math.min(MAX_READERS, availableParallelism()) : 1);
  if (wanted < 2 || opts.fastRead === false || span < wanted * 2) return null;
  const found = await rangeScanners(db, tx, wanted, { workers: opts.workers });
  if (!found) return null;
  try {
    return await walkInRanges(found.scanners, input);
  } catch (e) {
    if (!found.inWorkers) throw e;
    // Workers that cannot start or load leave the walk to this thread: slower, same verdict.
    logger().warn({ chain: input.chain, err: e instanceof Error ? e.message : String(e) }, 'audit verification workers failed; verifying on the server thread');
    return null;
  }
}

/** Verifies one chain (default 'main'); see docs/audit.md for what each problem kind means. */
export async function verifyAuditChain(db: TDb, opts: TVerifyAuditChainOptions = {}): Promise<TVerifyAuditChainResult> {
  const chain = opts.chain ?? 'main';
  return db.transaction((tx) => verifyInSnapshot(db, tx, chain, opts), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
