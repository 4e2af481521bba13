import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys, transactions } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { pruneIdempotencyKeys } from './ingest-idempotency';
import { errorCode, ingestCounts, makeToken, postIngest, validBody } from './ingest-test-helpers';

let t: TTestDb;
let token: Awaited<ReturnType<typeof makeToken>>;

beforeAll(async () => {
  t = await createTestDb();
  token = await makeToken(t.db);
});
afterAll(async () => t.dispose());

describe('ingest API: Idempotency-Key', () => {
  it('the same key and body returns the first response and stores one transaction', async () => {
    const body = validBody();
    const first = await postIngest(body, { token: token.token, key: 'same-1' });
    const before = await ingestCounts(t.db);
    const second = await postIngest(body, { token: token.token, key: 'same-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it('the same key with a different body → 422 and nothing stored', async () => {
    await postIngest(validBody(), { token: token.token, key: 'same-2' });
    const before = await ingestCounts(t.db);
    const res = await postIngest(validBody(), { token: token.token, key: 'same-2' });
    expect(res.status).toBe(422);
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it('a key still in progress → 409 and nothing stored', async () => {
    const body = validBody();
    const raw = JSON.stringify(body);
    const { requestHash } = await import('./ingest-idempotency');
    await t.db.insert(idempotencyKeys).values({ tokenId: token.id, key: 'busy-1', requestHash: requestHash(raw) });
    const before = await ingestCounts(t.db);
    const res = await postIngest(raw, { token: token.token, key: 'busy-1' });
    expect(res.status).toBe(409);
    expect(errorCode(res.json)).toBe('CONFLICT');
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it('keys are per token: another token may use the same key', async () => {
    const other = await makeToken(t.db);
    expect((await postIngest(validBody(), { token: token.token, key: 'shared-1' })).status).toBe(201);
    expect((await postIngest(validBody(), { token: other.token, key: 'shared-1' })).status).toBe(201);
  });

  it('a failed ingest releases its key, so the client can retry with it', async () => {
    const body = validBody();
    expect((await postIngest(body, { token: token.token, key: 'dup-a' })).status).toBe(201);
    expect((await postIngest(body, { token: token.token, key: 'dup-b' })).status).toBe(409);
    const rows = await t.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, token.id), eq(idempotencyKeys.key, 'dup-b')));
    expect(rows).toHaveLength(0);
  });

  it('keeps keys for at least 24 hours', async () => {
    await postIngest(validBody(), { token: token.token, key: 'old-23h' });
    await postIngest(validBody(), { token: token.token, key: 'old-25h' });
    await t.db.execute(sql`update idempotency_keys set created_at = now() - interval '23 hours' where key = 'old-23h'`);
    await t.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'old-25h'`);
    await pruneIdempotencyKeys(t.db, 1);
    const keys = (await t.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys)).map((r) => r.key);
    expect(keys).toContain('old-23h');
    expect(keys).not.toContain('old-25h');
  });

  it.skipIf(!process.env.DATABASE_URL)('concurrent duplicates: exactly one is ingested, the others get 409 or the stored response', async () => {
    const body = validBody();
    const results = await Promise.all(Array.from({ length: 12 }, () => postIngest(body, { token: token.token, key: 'race-1' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = results.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.json.id)).size).toBe(1);
    const rows = await t.db.select().from(transactions).where(eq(transactions.externalId, body.externalId as string));
    expect(rows).toHaveLength(1);
    expect(statuses).toContain(409);
  });
});
