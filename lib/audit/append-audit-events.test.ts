import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import type { TAuditEventInput } from './append-audit-event';
import { appendAuditEvents } from './append-audit-events';
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
});
