/**
 * Backstop for staff text (review F1): the audit chain is append-only and exported, so a card
 * number in an event's `reason` is refused on every write path, rolling the caller back.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventQueue, auditEvents } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { CARD_NUMBER_MESSAGE } from '@/lib/pan';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendAuditEvent, type TAuditEventInput } from './append-audit-event';
import { appendAuditEvents } from './append-audit-events';
import { enqueueAuditEvent } from './enqueue-audit-event';

let t: TTestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => t?.dispose());

const event = (reason: string): TAuditEventInput => ({ chain: 'pan-test', action: 'auth.sign_in.failed', actor: { type: 'system' }, result: 'failure', reason, data: { reason: 'unknown_credential' } });

async function rows(): Promise<number> {
  const [a] = await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, 'pan-test'));
  const [q] = await t.db.select({ n: count() }).from(auditEventQueue).where(eq(auditEventQueue.chain, 'pan-test'));
  return Number(a?.n ?? 0) + Number(q?.n ?? 0);
}

async function expectRefused(write: Promise<unknown>) {
  const e = await write.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe('VALIDATION');
  expect((e as AppError).message).toBe(CARD_NUMBER_MESSAGE);
  expect(JSON.stringify((e as AppError).details)).not.toContain('4111');
}

describe('a card number in an audit reason', () => {
  const pan = 'customer disputes 4111 1111 1111 1111';

  it.each([
    ['appendAuditEvent', (reason: string) => t.db.transaction((tx) => appendAuditEvent(tx, event(reason)))],
    ['appendAuditEvents', (reason: string) => t.db.transaction((tx) => appendAuditEvents(tx, [event('fine'), event(reason)]))],
    ['enqueueAuditEvent', (reason: string) => t.db.transaction((tx) => enqueueAuditEvent(tx, event(reason)))],
  ])('%s refuses it and writes nothing', async (_name, write) => {
    const before = await rows();
    await expectRefused(write(pan));
    await expectRefused(write('card 4111/1111/1111/1111'));
    expect(await rows()).toBe(before);
  });

  it('an ordinary reason is still written', async () => {
    const before = await rows();
    await t.db.transaction((tx) => appendAuditEvent(tx, event('customer called about order 2024-11-23, card ending 1111')));
    await t.db.transaction((tx) => enqueueAuditEvent(tx, event('ticket 48213 reopened')));
    expect(await rows()).toBe(before + 2);
  });
});
