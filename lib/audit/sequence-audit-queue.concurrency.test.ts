import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { auditEventQueue } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { startAuditSequencer } from './audit-sequencer';
import { enqueueAuditEvent } from './enqueue-audit-event';
import { computeAuditHash, GENESIS_HASH } from './hash-audit-event';
import { sampleSignInEvent } from './sample-audit-event';
import { sequenceAuditQueue, sequenceChainBatch } from './sequence-audit-queue';
import { readChain, withCheckpointPolicy } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

const onPostgres = Boolean(process.env.DATABASE_URL);
const WRITERS = 16;

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  if (!onPostgres) return;
  restoreEnv = withCheckpointPolicy(25);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

/** `total` events enqueued by WRITERS concurrent writers, each event in its own transaction; returns their ids. */
async function enqueueConcurrently(chain: string, total: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    for (let i = next++; i < total; i = next++) ids.push((await t.db.transaction((tx) => enqueueAuditEvent(tx, sampleSignInEvent(chain, i)))).id);
  }));
  return ids;
}

/** Every id exactly once, seq 1..n, unforked links, hashes right, occurred_at never going back, and verifyAuditChain agrees. */
async function expectChainHoldsExactly(chain: string, ids: string[]): Promise<void> {
  const rows = await readChain(t.db, chain);
  expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  rows.forEach((row, i) => {
    expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
    expect(computeAuditHash(row)).toBe(row.hash);
    if (i > 0) expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.occurredAt.getTime());
  });
  expect(await verifyAuditChain(t.db, { chain })).toMatchObject({ ok: true, checked: ids.length, headSeq: ids.length });
  expect(await t.db.select().from(auditEventQueue).where(eq(auditEventQueue.chain, chain))).toEqual([]);
}

// PGlite is one connection in one process: its transactions cannot overlap, so there is no race to test.
describe.skipIf(!onPostgres)('audit queue under concurrency (Postgres only; skipped on PGlite: a single connection has no concurrency)', () => {
  it('two sequencers on one chain link every queued event exactly once, gap-free and unforked', async () => {
    const ids = await enqueueConcurrently('q-two', 300);
    const passes = await Promise.all([0, 1, 2].map(() => sequenceAuditQueue(t.db, { chain: 'q-two', limit: 7 })));
    expect(passes.reduce((n, p) => n + p.sequenced, 0)).toBe(300);
    // Both really worked the chain (batches of 7 interleaved on the head lock).
    expect(passes.filter((p) => p.sequenced > 0).length).toBeGreaterThan(1);
    await expectChainHoldsExactly('q-two', ids);
  });

  it(`${WRITERS} concurrent writers enqueue while two sequencer loops (two instances) run: every event exactly once`, async () => {
    const fast = { busyMs: 5, idleMs: 5, retryMs: 50 };
    const stops = [startAuditSequencer(async () => t.db, fast), startAuditSequencer(async () => t.db, fast)];
    let ids: string[];
    try {
      ids = await enqueueConcurrently('q-live', 800);
      await expect.poll(async () => (await readChain(t.db, 'q-live')).length, { timeout: 30_000, interval: 50 }).toBe(800);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
    await expectChainHoldsExactly('q-live', ids);
  });

  it('a sequencer whose connection dies mid-batch leaves the queue intact for the next one', async () => {
    const ids = await enqueueConcurrently('q-killed', 40);
    const before = await t.db.select().from(auditEventQueue).where(eq(auditEventQueue.chain, 'q-killed')).orderBy(asc(auditEventQueue.id));
    const doomed = await openDatabase({ url: t.url!, max: 1 });
    try {
      const attempt = doomed.db.transaction(async (tx) => {
        expect(await sequenceChainBatch(tx, 'q-killed')).toBe(40);
        // The process dies before its COMMIT: the server ends the session and rolls it back.
        const [{ pid }] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
        await t.db.execute(sql`select pg_terminate_backend(${pid})`);
      });
      await expect(attempt).rejects.toThrow();
    } finally {
      await doomed.close().catch(() => undefined);
    }
    expect(await t.db.select().from(auditEventQueue).where(eq(auditEventQueue.chain, 'q-killed')).orderBy(asc(auditEventQueue.id))).toEqual(before);
    expect(await readChain(t.db, 'q-killed')).toEqual([]);
    expect((await sequenceAuditQueue(t.db, { chain: 'q-killed' })).sequenced).toBe(40);
    await expectChainHoldsExactly('q-killed', ids);
  });
});
