import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { enqueueOutboxMessage } from './enqueue-outbox-message';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

describe('enqueueOutboxMessage', () => {
  it('enqueues once per idempotency key', async () => {
    const first = await enqueueOutboxMessage(t.db, { topic: 'notification.approval.executed', idempotencyKey: 'approval:1:v1:executed:x', payload: { a: 1 } });
    const again = await enqueueOutboxMessage(t.db, { topic: 'notification.approval.executed', idempotencyKey: 'approval:1:v1:executed:x', payload: { a: 2 } });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: null, created: false });
    const rows = await t.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, 'approval:1:v1:executed:x'));
    expect(rows).toMatchObject([{ status: 'pending', attempts: 0, payload: { a: 1 } }]);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueOutboxMessage(tx, { topic: 'approval.executed', idempotencyKey: 'rolled-back-key', payload: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, 'rolled-back-key'))).toEqual([]);
  });

  it('refuses a bad topic, a short key and a payload JSON cannot carry', async () => {
    await expect(enqueueOutboxMessage(t.db, { topic: 'Bad Topic', idempotencyKey: 'long-enough-key', payload: {} })).rejects.toThrow();
    await expect(enqueueOutboxMessage(t.db, { topic: 'a.b', idempotencyKey: 'short', payload: {} })).rejects.toThrow();
    await expect(enqueueOutboxMessage(t.db, { topic: 'a.b', idempotencyKey: 'bigint-payload', payload: { n: 1n } })).rejects.toThrow();
  });
});
