import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, notifications, outboxMessages } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { deliverDueOutboxMessages, type TOutboxConfig } from './deliver-outbox';
import { enqueueOutboxMessage } from './enqueue-outbox-message';
import { startTestReceiver, type TTestReceiver } from './outbox-test-receiver';
import { verifyWebhookSignature } from './webhook-signature';

const secret = 'test-webhook-secret-0123456789abcdef';
let t: TTestDb;
let receiver: TTestReceiver;
let config: TOutboxConfig;

beforeAll(async () => {
  t = await createTestDb();
  receiver = await startTestReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.dispose();
});
beforeEach(async () => {
  await t.db.delete(outboxMessages);
  receiver.received.length = 0;
  receiver.answer = () => ({ status: 204 });
  config = { target: { url: receiver.url, secret, timeoutMs: 2000 }, maxAttempts: 3, backoffMs: 60_000, random: () => 1 };
});

async function enqueue(payload: Record<string, unknown> = { hello: 'world' }) {
  const [row] = await t.db
    .insert(outboxMessages)
    .values({ topic: 'approval.executed', idempotencyKey: `test:${randomUUID()}`, payload, nextAttemptAt: new Date(Date.now() - 1000) })
    .returning();
  return row!;
}

const rowOf = async (id: string) => (await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!;
const at = (ms: number) => () => new Date(Date.now() + ms);

describe('webhook delivery', () => {
  it('POSTs the message as JSON with a verifiable signature and the idempotency key, then marks it delivered', async () => {
    const m = await enqueue({ requestId: 'r1', status: 'executed' });
    const pass = await deliverDueOutboxMessages(t.db, config);
    expect(pass).toEqual({ configured: true, claimed: 1, outcomes: { delivered: 1, failed: 0, dead: 0, 'lost-lease': 0 } });
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.headers['idempotency-key']).toBe(m.idempotencyKey);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(verifyWebhookSignature(secret, got!.headers['x-countersign-signature'] as string, got!.body)).toMatchObject({ ok: true });
    expect(verifyWebhookSignature('another-secret-0123456789abcdefghij', got!.headers['x-countersign-signature'] as string, got!.body)).toMatchObject({ ok: false });
    expect(JSON.parse(got!.body)).toMatchObject({ id: m.id, topic: 'approval.executed', idempotencyKey: m.idempotencyKey, payload: { requestId: 'r1', status: 'executed' } });
    expect(await rowOf(m.id)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect((await rowOf(m.id)).deliveredAt).toBeInstanceOf(Date);
    // Delivered rows are never sent again.
    await deliverDueOutboxMessages(t.db, config, at(86_400_000));
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a failed delivery with exponential backoff and dead-letters it after the last attempt, audited and alerted', async () => {
    receiver.answer = () => ({ status: 503 });
    const m = await enqueue();
    const t0 = Date.now();
    await deliverDueOutboxMessages(t.db, config, () => new Date(t0));
    let row = await rowOf(m.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'receiver answered HTTP 503' });
    expect(row.nextAttemptAt.getTime()).toBe(t0 + 60_000);
    // Not due yet: nothing is sent.
    await deliverDueOutboxMessages(t.db, config, () => new Date(t0 + 59_000));
    expect(receiver.received).toHaveLength(1);
    await deliverDueOutboxMessages(t.db, config, () => new Date(t0 + 60_000));
    row = await rowOf(m.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.nextAttemptAt.getTime()).toBe(t0 + 60_000 + 120_000);
    await deliverDueOutboxMessages(t.db, config, () => new Date(t0 + 180_000));
    expect(await rowOf(m.id)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(receiver.received).toHaveLength(3);
    // Every attempt carries the same idempotency key, so the receiver can de-duplicate.
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([m.idempotencyKey]));
    await deliverDueOutboxMessages(t.db, config, () => new Date(t0 + 10 * 86_400_000));
    expect(receiver.received).toHaveLength(3);
    const dead = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'outbox.delivery_dead'));
    expect(dead.map((e) => e.data)).toEqual([{ outboxId: m.id, attempts: 3, lastStatus: 503 }]);
    const alerts = await t.db.select().from(notifications).where(eq(notifications.kind, 'outbox.dead'));
    expect(alerts.map((a) => [a.audience, a.detail])).toEqual([['administrator', { outboxId: m.id, href: '/settings/deliveries' }]]);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and nothing is sent elsewhere', async () => {
    receiver.answer = (r) => (r.headers['x-redirected'] ? { status: 204 } : { status: 307, location: `${receiver.url}?again=1` });
    const m = await enqueue();
    await deliverDueOutboxMessages(t.db, config);
    expect(receiver.received).toHaveLength(1);
    expect(await rowOf(m.id)).toMatchObject({ status: 'failed', lastError: 'receiver answered HTTP 307' });
  });

  it('records an unreachable receiver as a failed attempt without leaking details', async () => {
    const m = await enqueue();
    await deliverDueOutboxMessages(t.db, { ...config, target: { url: 'http://127.0.0.1:9/closed', secret } });
    expect(await rowOf(m.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'could not reach the receiver (TypeError)' });
  });

  it('claims nothing without a configured webhook: messages stay pending and are counted', async () => {
    const m = await enqueue();
    expect(await deliverDueOutboxMessages(t.db, { ...config, target: null })).toEqual({ configured: false, pending: 1 });
    expect(await rowOf(m.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(receiver.received).toHaveLength(0);
  });

  it('a worker whose lease ran out cannot overwrite the result of the worker that took over', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    receiver.answer = () => ({ status: 500, delayMs: 2000 });
    const m = await enqueue();
    // Worker A claims with a tiny lease and is slow; worker B claims after the lease and succeeds.
    const slow = deliverDueOutboxMessages(t.db, { ...config, leaseMs: 1 }).finally(release);
    // Wait until worker A's request is at the receiver (its lease has long run out by then).
    await expect.poll(() => receiver.received.length, { timeout: 10_000, interval: 5 }).toBe(1);
    receiver.answer = () => ({ status: 204 });
    const fast = await deliverDueOutboxMessages(t.db, config, at(1000));
    expect(fast).toMatchObject({ claimed: 1, outcomes: { delivered: 1 } });
    await gate;
    expect(await slow).toMatchObject({ claimed: 1, outcomes: { 'lost-lease': 1 } });
    expect(await rowOf(m.id)).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
  });
});

describe('with the producer', () => {
  it('delivers a message enqueued in a committed transaction once, and never one whose transaction rolled back', async () => {
    const key = `approval:${randomUUID()}:v1:executed:x`;
    await t.db.transaction((tx) => enqueueOutboxMessage(tx, { topic: 'approval.executed', idempotencyKey: key, payload: { ok: true } }));
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueOutboxMessage(tx, { topic: 'approval.executed', idempotencyKey: `${key}:rolled-back`, payload: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A retried producer with the same key does not enqueue twice.
    await t.db.transaction((tx) => enqueueOutboxMessage(tx, { topic: 'approval.executed', idempotencyKey: key, payload: { ok: true } }));
    await deliverDueOutboxMessages(t.db, config, at(1000));
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([key]);
  });
});

describe('concurrent workers', () => {
  const onPostgres = Boolean(process.env.DATABASE_URL);
  it.skipIf(!onPostgres)(
    'four workers running at once never deliver the same row twice (Postgres only: PGlite has one connection, so nothing runs concurrently)',
    async () => {
      receiver.answer = () => ({ status: 204, delayMs: 5 });
      const ids = new Set<string>();
      for (let i = 0; i < 60; i++) ids.add((await enqueue({ n: i })).id);
      const small = { ...config, batchSize: 7 };
      const worker = async () => {
        for (;;) {
          const pass = await deliverDueOutboxMessages(t.db, small);
          if (!pass.configured || pass.claimed === 0) return;
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      const deliveredIds = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
      expect(deliveredIds).toHaveLength(60);
      expect(new Set(deliveredIds)).toEqual(ids);
      const rows = await t.db.select().from(outboxMessages);
      expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    },
  );
});
