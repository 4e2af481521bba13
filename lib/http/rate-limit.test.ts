import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { rateLimits } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { AppError } from '@/lib/errors';
import { consumeRateLimit, enforceRateLimit, pruneRateLimits, type TRateLimitRule } from './rate-limit';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.dispose();
});

const rule = (bucket: string, limit = 3): TRateLimitRule => ({ bucket, limit, windowSeconds: 60 });
const at = (iso: string) => new Date(iso);

describe('rate limit (Postgres fixed window)', () => {
  it('allows up to the limit in one window, then refuses with the time left', async () => {
    const r = rule('basic');
    const now = at('2026-01-01T10:00:15Z');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(r, '198.51.100.1', { db: t.db, now }));
    expect(results.map((x) => x.allowed)).toEqual([true, true, true, false]);
    expect(results.map((x) => x.count)).toEqual([1, 2, 3, 4]);
    expect(results[3]!.remaining).toBe(0);
    expect(results[3]!.retryAfterSeconds).toBe(45);
    expect(results[3]!.resetAt.toISOString()).toBe('2026-01-01T10:01:00.000Z');
  });

  it('counts subjects separately', async () => {
    const r = rule('subjects', 1);
    const now = at('2026-01-01T10:00:00Z');
    expect((await consumeRateLimit(r, 'a', { db: t.db, now })).allowed).toBe(true);
    expect((await consumeRateLimit(r, 'b', { db: t.db, now })).allowed).toBe(true);
    expect((await consumeRateLimit(r, 'a', { db: t.db, now })).allowed).toBe(false);
  });

  it('starts over in the next window', async () => {
    const r = rule('windows', 1);
    await consumeRateLimit(r, 'x', { db: t.db, now: at('2026-01-01T10:00:59Z') });
    expect((await consumeRateLimit(r, 'x', { db: t.db, now: at('2026-01-01T10:00:59Z') })).allowed).toBe(false);
    const next = await consumeRateLimit(r, 'x', { db: t.db, now: at('2026-01-01T10:01:00Z') });
    expect(next).toMatchObject({ allowed: true, count: 1 });
  });

  it('does not reset when a lagging instance reports an older window', async () => {
    const r = rule('skew', 2);
    await consumeRateLimit(r, 'x', { db: t.db, now: at('2026-01-01T10:01:00Z') });
    const lagging = await consumeRateLimit(r, 'x', { db: t.db, now: at('2026-01-01T10:00:59Z') });
    expect(lagging.count).toBe(2);
    const [row] = await t.db.select().from(rateLimits).where(eq(rateLimits.key, 'skew:x'));
    expect(row!.windowStart.toISOString()).toBe('2026-01-01T10:01:00.000Z');
  });

  it('never lets more than the limit through under concurrency', async () => {
    const r = rule('burst', 10);
    const now = at('2026-01-01T12:00:00Z');
    const results = await Promise.all(Array.from({ length: 40 }, () => consumeRateLimit(r, 'x', { db: t.db, now })));
    expect(results.filter((x) => x.allowed)).toHaveLength(10);
    expect(results.map((x) => x.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('enforceRateLimit throws RATE_LIMITED with Retry-After seconds', async () => {
    const r = rule('enforce', 1);
    const now = at('2026-01-01T10:00:30Z');
    await enforceRateLimit(r, 'x', { db: t.db, now });
    const err = await enforceRateLimit(r, 'x', { db: t.db, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 30 } });
  });

  it('prunes counters from ended windows', async () => {
    await consumeRateLimit(rule('prune'), 'old', { db: t.db, now: at('2020-01-01T00:00:00Z') });
    await pruneRateLimits(at('2021-01-01T00:00:00Z'), { db: t.db });
    expect(await t.db.select().from(rateLimits).where(eq(rateLimits.key, 'prune:old'))).toEqual([]);
  });
});
