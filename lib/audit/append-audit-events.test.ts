import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import type { TAuditEventInput } from './append-audit-event';
import { appendAuditEvents } from './append-audit-events';
import { lockChainHeads } from './lock-chain-head';
import { computeAuditHash, GENESIS_HASH } from './hash-audit-event';
import { sampleSignInEvent } from './sample-audit-event';
import { appendSampleEvents, readChain } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
});

const event = sampleSignInEvent;

describe(`appendAuditEvents (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('links a batch spread over two chains in input order, continuing each chain from its head', async () => {
    await appendSampleEvents(t.db, 2, 'batch-a');
    const inputs = [event('batch-b', 0), event('batch-a', 1), event('batch-b', 2), event('batch-a', 3)];
    const out = await t.db.transaction((tx) => appendAuditEvents(tx, inputs));
    expect(out.map((o) => o.seq)).toEqual([1, 3, 2, 4]);

    const a = await readChain(t.db, 'batch-a');
    const b = await readChain(t.db, 'batch-b');
    expect(a.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(a.slice(2).map((r) => r.requestId)).toEqual(['req-batch-a-1', 'req-batch-a-3']);
    expect(b.map((r) => r.requestId)).toEqual(['req-batch-b-0', 'req-batch-b-2']);
    expect(b[0]!.prevHash).toBe(GENESIS_HASH);
    for (const rows of [a, b]) {
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      for (const row of rows) expect(computeAuditHash(row)).toBe(row.hash);
    }
    const [headA] = await t.db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, 'batch-a'));
    expect(headA).toMatchObject({ seq: 4, hash: a[3]!.hash });
    expect(out[3]).toEqual({ id: a[3]!.id, seq: 4, hash: a[3]!.hash });
    for (const chain of ['batch-a', 'batch-b']) expect((await verifyAuditChain(t.db, { chain })).ok).toBe(true);
  });

  it('writes nothing when one event of the batch is invalid', async () => {
    const bad = { ...event('batch-c', 1), result: 'maybe' } as unknown as TAuditEventInput;
    await expect(t.db.transaction((tx) => appendAuditEvents(tx, [event('batch-c', 0), bad]))).rejects.toThrow();
    expect(await readChain(t.db, 'batch-c')).toEqual([]);
  });

  it('checkpoints a batch that crosses the checkpoint interval', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => event('batch-d', i));
    await t.db.transaction((tx) => appendAuditEvents(tx, many));
    const checkpoints = await t.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, 'batch-d'));
    expect(checkpoints.map((c) => c.seq)).toEqual([1_200]);
    expect((await verifyAuditChain(t.db, { chain: 'batch-d' })).ok).toBe(true);
  });

  it('locks the heads of a batch in one statement once they all exist, and gives the locked heads as stored', async () => {
    await appendSampleEvents(t.db, 3, 'heads-x');
    await appendSampleEvents(t.db, 1, 'heads-y');
    const stored = await t.db.select().from(auditChainHeads);
    const locked = await t.db.transaction((tx) => lockChainHeads(tx, ['heads-y', 'heads-x']));
    expect(locked && Object.fromEntries(locked)).toEqual(Object.fromEntries(stored.filter((h) => h.chain.startsWith('heads-')).map((h) => [h.chain, h])));
    expect(await t.db.transaction((tx) => lockChainHeads(tx, ['heads-x', 'heads-none']))).toBeNull();
    const out = await t.db.transaction((tx) => appendAuditEvents(tx, [event('heads-y', 0), event('heads-x', 1), event('heads-y', 2)]));
    expect(out.map((o) => o.seq)).toEqual([2, 4, 3]);
    for (const chain of ['heads-x', 'heads-y']) expect((await verifyAuditChain(t.db, { chain }))).toMatchObject({ ok: true, checked: chain === 'heads-x' ? 4 : 3 });
  });

  it.skipIf(!process.env.DATABASE_URL)('runs concurrent batches over overlapping chains without deadlock, every chain gap-free', async () => {
    const chains = ['mix-a', 'mix-b', 'mix-c', 'mix-d'];
    await Promise.all(chains.map((c) => appendSampleEvents(t.db, 1, c)));
    // 12 writers, each batch touching a different overlapping subset of chains in a different input order.
    const batches = Array.from({ length: 12 }, (_, w) => Array.from({ length: 6 }, (_, k) => event(chains[(w * 3 + k * (w % 3 + 1)) % 4]!, w * 10 + k)));
    await Promise.all(batches.map((batch) => t.db.transaction((tx) => appendAuditEvents(tx, batch))));
    for (const chain of chains) {
      const expected = 1 + batches.flat().filter((e) => e.chain === chain).length;
      expect(await verifyAuditChain(t.db, { chain })).toMatchObject({ ok: true, checked: expected, headSeq: expected });
    }
  });
});
