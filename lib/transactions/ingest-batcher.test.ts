import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditEvents, idempotencyKeys, transactions } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { loadCustomerHistory } from './customer-history';
import { loadCustomerHistories } from './customer-histories';
import { runIngestBatch } from './ingest-batch';
import type { TIngestItem, TIngestOutcome } from './ingest-batch-keys';
import { IngestBatcher } from './ingest-batcher';
import { requestHash } from './ingest-idempotency';
import { ingestAuditChain } from './ingest-rows';
import { ingestCounts, makeToken, postIngest, validBody } from './ingest-test-helpers';
import { ZIngestTransaction } from './schemas';

let t: TTestDb;
let token: Awaited<ReturnType<typeof makeToken>>;

beforeAll(async () => {
  t = await createTestDb();
  token = await makeToken(t.db);
});
afterAll(async () => t.dispose());

const meta = { requestId: 'req-batch-test', ip: '203.0.113.7', userAgent: 'vitest' };

function item(body: Record<string, unknown>, key: string, tokenId = token.id): TIngestItem {
  const raw = JSON.stringify(body);
  return { tokenId, key, hash: requestHash(raw), input: ZIngestTransaction.parse(JSON.parse(raw)), meta };
}

/** A batcher that records the externalIds of each batch it runs. */
function recordingBatcher(opts: { fail?: boolean } = {}) {
  const batches: string[][] = [];
  const batcher = new IngestBatcher(t.db, {
    lingerMs: 5,
    runBatch: async (db, items) => {
      batches.push(items.map((i) => i.input.externalId));
      if (opts.fail) throw new Error('simulated batch failure');
      return runIngestBatch(db, items);
    },
  });
  return { batcher, batches };
}

const statusOf = (o: TIngestOutcome) => (o.ok ? o.status : o.error.status);
const codeOf = (o: TIngestOutcome) => (o.ok ? null : o.error.code);

describe('ingest batcher: one batch, the single path answers', () => {
  it('answers a mixed batch of new, duplicate, conflicting, replayed and busy keys exactly', async () => {
    const done = validBody();
    expect((await postIngest(done, { token: token.token, key: 'mix-done' })).status).toBe(201);
    const taken = validBody();
    expect((await postIngest(taken, { token: token.token, key: 'mix-taken' })).status).toBe(201);
    const busy = validBody();
    await t.db.insert(idempotencyKeys).values({ tokenId: token.id, key: 'mix-busy', requestHash: item(busy, 'x').hash });
    const before = await ingestCounts(t.db);

    const fresh = validBody({ customer: { reference: `mix-new-${randomUUID()}`, name: 'New Person' } });
    const dupExternal = { ...validBody({ customer: { reference: `mix-dup-${randomUUID()}` } }), externalId: taken.externalId };
    const { batcher, batches } = recordingBatcher();
    const items = [
      item(fresh, 'mix-fresh'),
      item(fresh, 'mix-fresh'), // same key, same body, same batch → 409
      item(validBody(), 'mix-fresh'), // same key, other body → 422
      item(done, 'mix-done'), // completed key, same body → stored response
      item(validBody(), 'mix-done'), // completed key, other body → 422
      item(dupExternal, 'mix-dup-external'), // externalId already ingested → 409, key released
      item(busy, 'mix-busy'), // claim in progress → 409
    ];
    const out = await Promise.all(items.map((i) => batcher.submit(i)));

    expect(batches).toHaveLength(1);
    expect(out.map(statusOf)).toEqual([201, 409, 422, 201, 422, 409, 409]);
    expect(out.map(codeOf)).toEqual([null, 'CONFLICT', 'VALIDATION', null, 'VALIDATION', 'CONFLICT', 'CONFLICT']);
    expect(out[3]).toMatchObject({ ok: true, replayed: true });
    expect(out[0]).toMatchObject({ ok: true, replayed: false, body: { externalId: fresh.externalId } });
    // Only the fresh item wrote anything: one transaction, one new customer, one key, one audit event.
    expect(await ingestCounts(t.db)).toEqual({
      transactions: before.transactions + 1,
      customers: before.customers + 1,
      idempotencyKeys: before.idempotencyKeys + 1,
      ingestEvents: before.ingestEvents + 1,
    });
    const released = await t.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, token.id), eq(idempotencyKeys.key, 'mix-dup-external')));
    expect(released).toHaveLength(0);
    const [completed] = await t.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, token.id), eq(idempotencyKeys.key, 'mix-fresh')));
    expect(completed).toMatchObject({ status: 'completed', responseStatus: 201, responseBody: (out[0] as { body: unknown }).body });
    // The stored response replays over HTTP like any other.
    const replay = await postIngest(fresh, { token: token.token, key: 'mix-fresh' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual((out[0] as { body: unknown }).body);
  });

  it('answers 409 (or 422 for another body) to a key whose batch is running, then replays once it committed', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((r) => (open = r));
    const batcher = new IngestBatcher(t.db, { lingerMs: 0, runBatch: async (db, items) => (await gate, runIngestBatch(db, items)) });
    const body = validBody();
    const first = batcher.submit(item(body, 'running-1'));
    await new Promise((r) => setTimeout(r, 20));
    const again = await batcher.submit(item(body, 'running-1'));
    const otherBody = await batcher.submit(item(validBody(), 'running-1'));
    expect([statusOf(again), codeOf(again)]).toEqual([409, 'CONFLICT']);
    expect([statusOf(otherBody), codeOf(otherBody)]).toEqual([422, 'VALIDATION']);
    open();
    const created = await first;
    expect(statusOf(created)).toBe(201);
    const later = await batcher.submit(item(body, 'running-1'));
    expect(later).toEqual({ ...created, replayed: true });
  });

  it('defers a second transaction of the same customer to the next batch, so its history includes the first', async () => {
    const reference = `same-cust-${randomUUID()}`;
    const at = Date.now() - 10 * 60_000;
    const first = validBody({ customer: { reference }, occurredAt: new Date(at).toISOString() });
    const second = validBody({ customer: { reference }, occurredAt: new Date(at + 60_000).toISOString() });
    const other = validBody({ customer: { reference: `other-${randomUUID()}` } });
    const { batcher, batches } = recordingBatcher();
    const out = await Promise.all([item(first, randomUUID()), item(second, randomUUID()), item(other, randomUUID())].map((i) => batcher.submit(i)));
    expect(out.map(statusOf)).toEqual([201, 201, 201]);
    expect(batches).toEqual([
      [first.externalId, other.externalId],
      [second.externalId],
    ]);
    const [row] = await t.db.select().from(transactions).where(eq(transactions.externalId, second.externalId as string));
    const history = await loadCustomerHistory(t.db, { customerId: row!.customerId, currency: 'EUR', occurredAt: row!.occurredAt });
    expect(history.lastHour.count).toBe(1);
    expect(history.lastHour.sumMinor).toBe(4250n);
  });

  it('with two batches in flight, never runs two transactions of one customer at once', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((r) => (open = r));
    const batches: string[][] = [];
    const batcher = new IngestBatcher(t.db, {
      lingerMs: 0,
      maxInFlight: 2,
      runBatch: async (db, items) => {
        batches.push(items.map((i) => i.input.externalId));
        if (batches.length === 1) await gate;
        return runIngestBatch(db, items);
      },
    });
    const reference = `inflight-${randomUUID()}`;
    const a = validBody({ customer: { reference }, occurredAt: new Date(Date.now() - 120_000).toISOString() });
    const b = validBody({ customer: { reference }, occurredAt: new Date(Date.now() - 60_000).toISOString() });
    const c = validBody({ customer: { reference: `inflight-other-${randomUUID()}` } });
    const first = batcher.submit(item(a, randomUUID()));
    await new Promise((r) => setTimeout(r, 20));
    const rest = [batcher.submit(item(b, randomUUID())), batcher.submit(item(c, randomUUID()))];
    expect(statusOf(await rest[1]!)).toBe(201); // c ran beside the gated batch; b waited for a's customer
    expect(batches).toEqual([[a.externalId], [c.externalId]]);
    open();
    expect([statusOf(await first), statusOf(await rest[0]!)]).toEqual([201, 201]);
    expect(batches).toEqual([[a.externalId], [c.externalId], [b.externalId]]);
  });

  it('computes the same history in one batched statement as the single query does, item by item', async () => {
    const reference = `hist-${randomUUID()}`;
    const base = Date.now() - 5 * 3_600_000;
    for (let i = 0; i < 4; i++) {
      const body = validBody({ customer: { reference }, amountMinor: 1_000 + i * 500, currency: i === 3 ? 'USD' : 'EUR', occurredAt: new Date(base + i * 40 * 60_000).toISOString() });
      expect((await postIngest(body, { token: token.token })).status).toBe(201);
    }
    const [row] = await t.db.select().from(transactions).where(eq(transactions.ingestedByTokenId, token.id)).limit(1);
    const { customers } = await import('@/db/schema');
    const [c] = await t.db.select({ id: customers.id }).from(customers).where(eq(customers.externalRef, reference));
    const queries = [
      { customerId: c!.id, currency: 'EUR', occurredAt: new Date(base + 3 * 3_600_000), deviceFingerprint: 'fp-abc123' },
      { customerId: c!.id, currency: 'USD', occurredAt: new Date(base + 100 * 60_000), deviceId: 'dev-other' },
      { customerId: c!.id, currency: 'EUR', occurredAt: new Date(base - 60_000) },
      { customerId: row!.customerId, currency: 'EUR', occurredAt: new Date() },
    ];
    const batched = await loadCustomerHistories(t.db, queries);
    const single = await Promise.all(queries.map((q) => loadCustomerHistory(t.db, q)));
    expect(batched).toEqual(single);
    expect(batched[0]!.count).toBe(4);
    expect(batched[2]!.count).toBe(0);
  });
});

describe('ingest batcher: failure isolation and shutdown', () => {
  it('reruns a failed batch item by item: every request gets its own answer', async () => {
    const before = await ingestCounts(t.db);
    const { batcher, batches } = recordingBatcher({ fail: true });
    const bodies = [validBody(), validBody(), validBody()];
    const out = await Promise.all(bodies.map((b) => batcher.submit(item(b, randomUUID()))));
    expect(batches).toHaveLength(1);
    expect(batcher.stats.fallbacks).toBe(1);
    expect(out.map(statusOf)).toEqual([201, 201, 201]);
    expect((await ingestCounts(t.db)).transactions).toBe(before.transactions + 3);
  });

  it('a bad item fails alone: its neighbours in the batch are ingested', async () => {
    const batcher = new IngestBatcher(t.db, { lingerMs: 5 });
    const good = [validBody(), validBody()];
    const ghostToken = randomUUID(); // no such service token: its key claim violates the foreign key
    const results = await Promise.allSettled([
      batcher.submit(item(good[0]!, randomUUID())),
      batcher.submit(item(validBody(), randomUUID(), ghostToken)),
      batcher.submit(item(good[1]!, randomUUID())),
    ]);
    expect(batcher.stats.fallbacks).toBe(1);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { ok: true, status: 201 } });
    expect(results[1]!.status).toBe('rejected');
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ok: true, status: 201 } });
    const stored = await t.db.select({ e: transactions.externalId }).from(transactions);
    expect(stored.map((r) => r.e)).toEqual(expect.arrayContaining([good[0]!.externalId, good[1]!.externalId]));
  });

  it('close() answers everything queued, then later requests still go through', async () => {
    const batcher = new IngestBatcher(t.db, { lingerMs: 20, maxBatch: 2 });
    const pending = Array.from({ length: 5 }, () => batcher.submit(item(validBody({ customer: { reference: `close-${randomUUID()}` } }), randomUUID())));
    await batcher.close();
    const settled = await Promise.all(pending.map((p) => Promise.race([p, Promise.resolve('unsettled' as const)])));
    expect(settled.map((o) => (o === 'unsettled' ? o : statusOf(o)))).toEqual([201, 201, 201, 201, 201]);
    expect(batcher.stats).toMatchObject({ batches: 3, items: 5, largest: 2 });
    expect(statusOf(await batcher.submit(item(validBody(), randomUUID())))).toBe(201);
  });

  it('puts each event of a batch on the chain of its externalId (where the transaction page reads it)', async () => {
    const batcher = new IngestBatcher(t.db, { lingerMs: 5 });
    const bodies = Array.from({ length: 6 }, () => validBody({ customer: { reference: `chain-${randomUUID()}` } }));
    const out = await Promise.all(bodies.map((b) => batcher.submit(item(b, randomUUID()))));
    expect(batcher.stats.batches).toBe(1);
    for (const [i, o] of out.entries()) {
      if (!o.ok) throw o.error;
      const [event] = await t.db.select({ chain: auditEvents.chain }).from(auditEvents).where(eq(auditEvents.targetId, o.body.id as string));
      expect(event?.chain).toBe(ingestAuditChain(bodies[i]!.externalId as string));
    }
  });

  it('leaves every ingest audit chain verifiable', async () => {
    const chains = await t.db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).where(eq(auditEvents.action, 'transaction.ingested'));
    expect(chains.length).toBeGreaterThan(1);
    for (const { chain } of chains) expect((await verifyAuditChain(t.db, { chain })).ok, chain).toBe(true);
  });
});
