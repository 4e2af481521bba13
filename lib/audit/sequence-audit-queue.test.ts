import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditChainHeads, auditCheckpoints, auditEventQueue, auditEvents } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { prepareAuditFields, type TAuditEventInput } from './append-audit-event';
import { startAuditSequencer } from './audit-sequencer';
import { checkAuditQueueBacklog } from './check-audit-queue-backlog';
import { enqueueAuditEvent } from './enqueue-audit-event';
import { computeAuditHash, GENESIS_HASH, type TAuditEventRow } from './hash-audit-event';
import { sequenceAuditQueue, sequenceChainBatch } from './sequence-audit-queue';
import { sampleSignInEvent } from './sample-audit-event';
import { appendSampleEvents, dbErrorOf, readChain, withCheckpointPolicy } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = withCheckpointPolicy(5);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

const event = sampleSignInEvent;

async function enqueue(chain: string, from: number, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) ids.push((await t.db.transaction((tx) => enqueueAuditEvent(tx, event(chain, i)))).id);
  return ids;
}

/** The chain checked by hand as well as by verifyAuditChain: seq 1..n, each row's hash, each link. */
function expectLinked(rows: TAuditEventRow[]): void {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  rows.forEach((row, i) => {
    expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
    expect(computeAuditHash(row)).toBe(row.hash);
  });
}

const queued = (chain: string) => t.db.select().from(auditEventQueue).where(eq(auditEventQueue.chain, chain)).orderBy(asc(auditEventQueue.id));

describe(`audit queue and sequencer (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('has a queue column for every event column except the chain position (the DELETE guard compares them one by one)', () => {
    const eventColumns = Object.keys(getTableColumns(auditEvents)).filter((n) => !['id', 'seq', 'prevHash', 'hash'].includes(n));
    expect(Object.keys(getTableColumns(auditEventQueue))).toEqual(['id', 'eventId', ...eventColumns, 'queuedAt']);
  });

  it('leaves nothing behind when the enqueueing transaction rolls back', async () => {
    const attempt = t.db.transaction(async (tx) => {
      await enqueueAuditEvent(tx, event('q-rollback', 0));
      throw new Error('the change failed');
    });
    await expect(attempt).rejects.toThrow('the change failed');
    expect(await queued('q-rollback')).toEqual([]);
    await sequenceAuditQueue(t.db);
    expect(await readChain(t.db, 'q-rollback')).toEqual([]);
  });

  it('rejects an invalid event at enqueue, rolling the caller back', async () => {
    const bad = { ...event('q-invalid', 0), data: { unexpected: true } } as TAuditEventInput;
    await expect(t.db.transaction((tx) => enqueueAuditEvent(tx, bad))).rejects.toThrow();
    expect(await queued('q-invalid')).toEqual([]);
  });

  it('queues enriched fields without touching the chain, then links them after synchronous appends', async () => {
    await appendSampleEvents(t.db, 2, 'q-link');
    const ids = await enqueue('q-link', 0, 3);
    const waiting = await queued('q-link');
    expect(waiting.map((q) => q.eventId)).toEqual(ids);
    expect(waiting[0]).toMatchObject({ ip: '127.0.0.1', place: { label: 'loopback' }, device: { browser: 'Firefox 133' }, data: { passkeyId: 'pk-0' } });
    expect((await readChain(t.db, 'q-link')).length).toBe(2);

    expect(await sequenceAuditQueue(t.db, { chain: 'q-link' })).toEqual({ sequenced: 3, byChain: { 'q-link': 3 } });
    const rows = await readChain(t.db, 'q-link');
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.slice(2).map((r) => r.id)).toEqual(ids);
    expectLinked(rows);
    expect(rows[2]).toMatchObject({ requestId: 'req-q-link-0', place: { label: 'loopback' }, occurredAt: waiting[0]!.occurredAt });
    expect(await queued('q-link')).toEqual([]);
    const [head] = await t.db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, 'q-link'));
    expect(head).toMatchObject({ seq: 5, hash: rows[4]!.hash, lastCheckpointSeq: 5 });
    expect(await verifyAuditChain(t.db, { chain: 'q-link' })).toMatchObject({ ok: true, checked: 5, headSeq: 5, lastCheckpoint: { seq: 5, verified: true } });

    await appendSampleEvents(t.db, 1, 'q-link');
    expect(await verifyAuditChain(t.db, { chain: 'q-link' })).toMatchObject({ ok: true, checked: 6 });
  });

  it('redacts secrets and personal data before queueing, as appendAuditEvent does', async () => {
    await t.db.transaction((tx) => enqueueAuditEvent(tx, { ...event('q-redact', 0), before: { email: 'someone@example.com', status: 'active' } }));
    const [row] = await queued('q-redact');
    expect(row!.before).toEqual({ email: '[redacted]', status: 'active' });
  });

  it('links a backlog larger than one batch in several transactions, checkpointing on the way', async () => {
    await enqueue('q-batches', 0, 23);
    expect(await sequenceAuditQueue(t.db, { chain: 'q-batches', limit: 10 })).toEqual({ sequenced: 23, byChain: { 'q-batches': 23 } });
    expect((await readChain(t.db, 'q-batches')).map((r) => r.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const checkpoints = await t.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, 'q-batches'));
    expect(checkpoints.map((c) => c.seq).sort((a, b) => a - b)).toEqual([10, 20]);
    expectLinked(await readChain(t.db, 'q-batches'));
    expect(await verifyAuditChain(t.db, { chain: 'q-batches' })).toMatchObject({ ok: true, checked: 23, lastCheckpoint: { seq: 20, verified: true } });
  });

  it('keeps occurred_at non-decreasing along the chain when an earlier event commits after later ones were linked', async () => {
    await enqueue('q-late', 0, 2);
    await sequenceAuditQueue(t.db, { chain: 'q-late' });
    const [, second] = await readChain(t.db, 'q-late');
    // What a transaction that enqueued 5 s before those two, and committed only now, leaves in the queue.
    const { id, ...fields } = await prepareAuditFields(event('q-late', 9));
    const enqueuedAt = new Date(second!.occurredAt.getTime() - 5_000);
    await t.db.insert(auditEventQueue).values({ ...fields, eventId: id, occurredAt: enqueuedAt });
    await enqueue('q-late', 10, 1);
    await sequenceAuditQueue(t.db, { chain: 'q-late' });
    const rows = await readChain(t.db, 'q-late');
    expect(rows.map((r) => r.requestId)).toEqual(['req-q-late-0', 'req-q-late-1', 'req-q-late-9', 'req-q-late-10']);
    expect(rows[2]!.occurredAt).toEqual(second!.occurredAt);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.occurredAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.occurredAt.getTime());
    expectLinked(rows);
    expect(await verifyAuditChain(t.db, { chain: 'q-late' })).toMatchObject({ ok: true, checked: 4 });
  });

  it('does not let a synchronous append from a server whose clock runs fast drag later queued events forward', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    try {
      await appendSampleEvents(t.db, 1, 'q-fast-clock');
    } finally {
      vi.useRealTimers();
    }
    const [queuedEvent] = await enqueue('q-fast-clock', 1, 1);
    const enqueuedAt = (await queued('q-fast-clock'))[0]!.occurredAt;
    await sequenceAuditQueue(t.db, { chain: 'q-fast-clock' });
    const rows = await readChain(t.db, 'q-fast-clock');
    expect(rows.map((r) => r.id)[1]).toBe(queuedEvent);
    expect(rows[1]!.occurredAt).toEqual(enqueuedAt);
    expect(Math.abs(rows[1]!.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
    expectLinked(rows);
  });

  it('leaves the queue intact when sequencing fails before commit', async () => {
    await enqueue('q-crash', 0, 4);
    const before = await queued('q-crash');
    const crashed = t.db.transaction(async (tx) => {
      expect(await sequenceChainBatch(tx, 'q-crash')).toBe(4);
      expect((await readChain(tx, 'q-crash')).length).toBe(4);
      throw new Error('sequencer process died');
    });
    await expect(crashed).rejects.toThrow('sequencer process died');
    expect(await queued('q-crash')).toEqual(before);
    expect(await readChain(t.db, 'q-crash')).toEqual([]);

    expect((await sequenceAuditQueue(t.db, { chain: 'q-crash' })).sequenced).toBe(4);
    expect((await readChain(t.db, 'q-crash')).map((r) => r.id)).toEqual(before.map((q) => q.eventId));
    expect(await verifyAuditChain(t.db, { chain: 'q-crash' })).toMatchObject({ ok: true, checked: 4 });
  });

  it('reports the backlog (count and age per chain) until the sequencer has run', async () => {
    await sequenceAuditQueue(t.db);
    expect(await checkAuditQueueBacklog(t.db)).toEqual({ count: 0, oldestAgeSeconds: 0, oldestQueuedAt: null, stalled: false, chains: [] });
    await enqueue('q-backlog-a', 0, 2);
    await enqueue('q-backlog-b', 0, 1);
    await t.db.execute(sql`alter table audit_event_queue disable trigger audit_event_queue_refuse_update`);
    await t.db.execute(sql`update audit_event_queue set queued_at = now() - interval '2 minutes' where chain = 'q-backlog-b'`);
    await t.db.execute(sql`alter table audit_event_queue enable trigger audit_event_queue_refuse_update`);
    const backlog = await checkAuditQueueBacklog(t.db);
    expect(backlog).toMatchObject({ count: 3, stalled: true, chains: [{ chain: 'q-backlog-a', count: 2 }, { chain: 'q-backlog-b', count: 1 }] });
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(119);
    expect(backlog.chains[0]!.oldestAgeSeconds).toBeLessThan(60);
    expect((await checkAuditQueueBacklog(t.db, { stallSeconds: 300 })).stalled).toBe(false);
    expect(await sequenceAuditQueue(t.db)).toMatchObject({ sequenced: 3, byChain: { 'q-backlog-a': 2, 'q-backlog-b': 1 } });
    expect((await checkAuditQueueBacklog(t.db)).count).toBe(0);
  });

  it('runs in the background: an enqueued event joins its chain without anyone asking', async () => {
    const stop = startAuditSequencer(async () => t.db, { busyMs: 10, idleMs: 10, retryMs: 50 });
    try {
      const [id] = await enqueue('q-loop', 0, 1);
      await expect.poll(async () => (await readChain(t.db, 'q-loop')).map((r) => r.id), { timeout: 5_000, interval: 20 }).toEqual([id]);
    } finally {
      await stop();
    }
    expect(await queued('q-loop')).toEqual([]);
  });

  it('refuses UPDATE, TRUNCATE and a DELETE that does not append the event to its chain', async () => {
    await enqueue('q-guard', 0, 1);
    const [row] = await queued('q-guard');
    expect(await dbErrorOf(t.db.execute(sql`update audit_event_queue set action = 'auth.sign_out' where id = ${row!.id}`))).toMatch(/audit queue is append-only: UPDATE on audit_event_queue refused/);
    expect(await dbErrorOf(t.db.execute(sql`truncate audit_event_queue`))).toMatch(/audit queue is append-only: TRUNCATE on audit_event_queue refused/);
    expect(await dbErrorOf(t.db.execute(sql`delete from audit_event_queue where id = ${row!.id}`))).toMatch(/may leave the queue only by being appended to its chain/);
    // Appending a different event under the queued event's id does not let it go either.
    const forged = t.db.transaction(async (tx) => {
      await tx.execute(sql`insert into audit_events (id, chain, seq, occurred_at, actor_type, action, result, prev_hash, hash)
        values (${row!.eventId}, 'q-guard', 1, ${row!.occurredAt.toISOString()}, 'system', 'auth.sign_out', 'success', ${GENESIS_HASH}, 'x')`);
      await tx.execute(sql`delete from audit_event_queue where id = ${row!.id}`);
    });
    expect(await dbErrorOf(forged)).toMatch(/may leave the queue only by being appended to its chain/);
    expect((await queued('q-guard')).map((q) => q.id)).toEqual([row!.id]);
    expect(await readChain(t.db, 'q-guard')).toEqual([]);
  });
  it('keeps sequencing other chains when one chain fails, and the failing events stay queued and visible', async () => {
    const [taken] = await readChain(t.db, 'q-link');
    // A queued event that cannot be appended: its id is already in the log.
    const { id: _fresh, ...fields } = await prepareAuditFields(event('q-a-poison', 0));
    await t.db.insert(auditEventQueue).values({ ...fields, eventId: taken!.id, occurredAt: new Date() });
    const [ok] = await enqueue('q-b-healthy', 0, 1);
    await expect(sequenceAuditQueue(t.db)).rejects.toThrow();
    expect((await readChain(t.db, 'q-b-healthy')).map((r) => r.id)).toEqual([ok]);
    expect(await readChain(t.db, 'q-a-poison')).toEqual([]);
    expect((await checkAuditQueueBacklog(t.db)).chains.find((c) => c.chain === 'q-a-poison')).toMatchObject({ count: 1 });
  });
});
