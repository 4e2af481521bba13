/**
 * The range walk of verification: on PostgreSQL disjoint ranges are scanned side by side inside
 * the verifier's exported snapshot, in worker threads and on this thread, and confirm an intact
 * chain with the sequential walk's figures; events committed after the snapshot stay invisible
 * to every range; any problem leaves the verdict to the sequential walk (parity per tamper kind
 * is in read-chain-page.test.ts), and progress says when the chain is walked again to locate it.
 * PGlite has a single connection, so it verifies sequentially.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import { getAuditSigningKey } from '../audit-signing-key';
import { buildAuditKeyring } from '../checkpoint-signature';
import { appendSampleEvents, checkpointedTestDbPerFile, withTriggersBypassed } from '../test-helpers';
import { verifyAuditChain } from '../verify-audit-chain';
import { checkSignaturesInBackground } from './check-signatures-async';
import { rangeScanners } from './snapshot-readers';
import { walkInRanges, type TRangeWalkInput } from './verify-in-ranges';
import { rangeWorkerBundle } from './worker-bundle';

// Checkpoints every 5 events.
const db = checkpointedTestDbPerFile(5);

const onPostgres = Boolean(process.env.DATABASE_URL);

describe(`verification in ranges (${onPostgres ? 'postgres' : 'pglite'})`, () => {
  it('gives the sequential result for an intact chain, whatever the number of readers', async () => {
    await appendSampleEvents(db().db, 41, 'ranges-intact');
    const sequential = await verifyAuditChain(db().db, { chain: 'ranges-intact', batchSize: 4, readers: 1 });
    expect(sequential).toMatchObject({ ok: true, checked: 41, lastCheckpoint: { seq: 40, verified: true } });
    for (const [readers, workers] of [[2, true], [3, true], [4, false], [3, false]] as const) {
      const progress: number[] = [];
      const ranged = await verifyAuditChain(db().db, { chain: 'ranges-intact', batchSize: 4, readers, workers, onProgress: (p) => progress.push(p.checked) });
      expect(ranged).toEqual(sequential);
      expect(progress.at(-1)).toBe(41);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    }
  });

  it.skipIf(!onPostgres).each([['worker threads', true, true], ['worker threads loaded through tsx', true, false], ['this thread', false, false]])('reads every range inside the verifier\'s snapshot: events committed after it are not seen (%s)', async (_mode, workers, bundled) => {
    const chain = `ranges-snapshot-${workers}-${bundled}`;
    await appendSampleEvents(db().db, 30, chain);
    const walked = await db().db.transaction(async (tx) => {
      const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
      const checkpoints = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(asc(auditCheckpoints.seq));
      // The bundle builds here (esbuild is installed with tsx), so 'worker threads' really runs the bundled code.
      if (bundled) expect(await rangeWorkerBundle()).toContain('SET TRANSACTION SNAPSHOT');
      const found = await rangeScanners(db().db, tx, 3, { workers, bundled });
      expect(found).toMatchObject({ inWorkers: workers });
      expect(found!.scanners).toHaveLength(3);
      // Committed by another connection after the snapshot was taken: the open-ended last range would trip over it.
      await appendSampleEvents(db().db, 7, chain);
      const input: TRangeWalkInput = {
        chain, start: null, afterSeq: 0, headSeq: head!.seq, pageSize: 4, checkpoints: new Map(checkpoints.map((c) => [c.seq, c])),
        signatures: checkSignaturesInBackground(checkpoints, buildAuditKeyring([getAuditSigningKey().publicKey])),
        fullRowHashes: async () => false, onChecked: () => undefined,
      };
      return walkInRanges(found!.scanners, input);
    }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    expect(walked).toMatchObject({ checked: 30, last: { seq: 30 }, lastCheckpointSeq: 30 });
    expect(await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 3, workers })).toMatchObject({ ok: true, checked: 37 });
  });

  it.skipIf(!onPostgres).each([['worker threads', true], ['this thread', false]])('asks the full row about a row whose fast text does not hash to its stored hash, and goes on only if the full row agrees (%s)', async (_mode, workers) => {
    const chain = `ranges-full-row-${workers}`;
    await appendSampleEvents(db().db, 12, chain);
    // Row 6's content no longer matches its stored hash; the links around it are untouched.
    await withTriggersBypassed(db(), async (tx) => void (await tx.update(auditEvents).set({ result: 'denied' }).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, 6)))));
    const walk = (fullRowAgrees: boolean) => {
      const asked: number[] = [];
      const walked = db().db.transaction(async (tx) => walkInRanges((await rangeScanners(db().db, tx, 3, { workers }))!.scanners, {
        chain, start: null, afterSeq: 0, headSeq: 12, pageSize: 4, checkpoints: new Map(), signatures: checkSignaturesInBackground([], buildAuditKeyring([getAuditSigningKey().publicKey])), onChecked: () => undefined,
        // Stands in for a full row that the database spells differently from the fast text (the verifier passes computeAuditHash over the drizzle row).
        fullRowHashes: async (seq) => {
          asked.push(seq);
          return fullRowAgrees;
        },
      }), { isolationLevel: 'repeatable read', accessMode: 'read only' });
      return walked.then((result) => ({ result, asked }));
    };
    expect(await walk(true)).toMatchObject({ result: { checked: 12, last: { seq: 12 } }, asked: [6] });
    expect(await walk(false)).toEqual({ result: null, asked: [6] });
    // The verifier's own full-row check disagrees (the row really was changed): the sequential verdict, on both walks.
    const sequential = await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 1 });
    expect(sequential).toMatchObject({ ok: false, problem: { seq: 6, kind: 'modified' } });
    expect(await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 3, workers })).toEqual(sequential);
  });

  it.skipIf(!onPostgres)('says when it walks again from the start to locate a problem the ranges met, so progress never silently goes back', async () => {
    const chain = 'ranges-locating';
    await appendSampleEvents(db().db, 40, chain);
    // Row 33 changed: the range holding it stops; the sequential walk then locates and classifies the break.
    await withTriggersBypassed(db(), async (tx) => void (await tx.update(auditEvents).set({ result: 'denied' }).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, 33)))));
    const progress: { checked: number; locating?: true }[] = [];
    const ranged = await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 3, workers: false, onProgress: ({ checked, locating }) => progress.push(locating ? { checked, locating } : { checked }) });
    expect(ranged).toEqual(await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 1 }));
    expect(ranged).toMatchObject({ ok: false, problem: { seq: 33, kind: 'modified' } });
    const from = progress.findIndex((p) => p.locating);
    expect(from).toBeGreaterThan(0); // the ranges reported progress first
    expect(progress[from]).toEqual({ checked: 0, locating: true });
    // Before the hand-over and after it, each count only grows; every report after it is flagged.
    const counts = (list: typeof progress) => list.map((p) => p.checked);
    expect(counts(progress.slice(0, from))).toEqual(counts(progress.slice(0, from)).sort((a, b) => a - b));
    expect(counts(progress.slice(from))).toEqual(counts(progress.slice(from)).sort((a, b) => a - b));
    expect(progress.slice(from).every((p) => p.locating)).toBe(true);
    // An intact chain is never "locating".
    const intact: boolean[] = [];
    await appendSampleEvents(db().db, 40, 'ranges-locating-intact');
    await verifyAuditChain(db().db, { chain: 'ranges-locating-intact', batchSize: 4, readers: 3, workers: false, onProgress: (p) => intact.push(p.locating === true) });
    expect(intact.length).toBeGreaterThan(0);
    expect(intact.some(Boolean)).toBe(false);
  });

  it.skipIf(onPostgres)('has no extra readers on PGlite', async () => {
    await appendSampleEvents(db().db, 3, 'ranges-pglite');
    expect(await db().db.transaction(async (tx) => rangeScanners(db().db, tx, 3))).toBeNull();
  });
});
