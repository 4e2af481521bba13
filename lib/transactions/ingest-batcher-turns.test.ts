import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { runIngestBatch } from './ingest-batch';
import type { TIngestItem, TIngestOutcome } from './ingest-batch-keys';
import { IngestBatcher } from './ingest-batcher';
import { requestHash } from './ingest-idempotency';
import { setUpIngestTestDb } from './ingest-test-context';
import { validBody } from './ingest-test-helpers';
import { ZIngestTransaction } from './schemas';

const ctx = setUpIngestTestDb();
const meta = { requestId: 'req-turns-test', ip: '203.0.113.8', userAgent: 'vitest' };

function item(): TIngestItem {
  const raw = JSON.stringify(validBody({ customer: { reference: `turns-${randomUUID()}` } }));
  return { tokenId: ctx.token.id, key: randomUUID(), hash: requestHash(raw), input: ZIngestTransaction.parse(JSON.parse(raw)), meta };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('ingest batcher: small batches take turns', () => {
  it('starts a batch beside a running one only once minBeside items wait; smaller queues wait for their turn', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((r) => (open = r));
    const batches: string[][] = [];
    const batcher = new IngestBatcher(ctx.t.db, {
      lingerMs: 0,
      maxInFlight: 2,
      minBeside: 3,
      runBatch: async (db, items) => {
        batches.push(items.map((i) => i.input.externalId));
        if (batches.length === 1) await gate;
        return runIngestBatch(db, items);
      },
    });
    const [a, b, c, d, e] = [item(), item(), item(), item(), item()];
    const outcomes: Promise<TIngestOutcome>[] = [batcher.submit(a)];
    await tick();
    outcomes.push(batcher.submit(b), batcher.submit(c));
    await tick();
    expect(batches).toEqual([[a.input.externalId]]); // two waiting: they wait for a's batch
    outcomes.push(batcher.submit(d));
    await tick();
    expect(batches).toEqual([[a.input.externalId], [b.input.externalId, c.input.externalId, d.input.externalId]]); // three: beside it
    outcomes.push(batcher.submit(e));
    await tick();
    expect(batches).toHaveLength(2);
    open();
    const out = await Promise.all(outcomes);
    expect(out.map((o) => (o.ok ? o.status : o.error.status))).toEqual([201, 201, 201, 201, 201]);
    expect(batches).toEqual([[a.input.externalId], [b.input.externalId, c.input.externalId, d.input.externalId], [e.input.externalId]]);
  });
});
