/**
 * The risk engine's customer history: the per-day rollup the triggers keep
 * (customer_daily_activity, migration 0018) always equals a recount from the transactions, after
 * inserts, updates of the history columns, deletes and TRUNCATE; and the history computed from
 * it equals a reference computed here from the raw rows, for random customers, days,
 * currencies, countries and devices, on both the single and the batch path.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, transactions } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { rowsOf } from './customer-history';
import { loadCustomerHistory } from './customer-history';
import { loadCustomerHistories } from './customer-histories';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

const DAY = 86_400_000;
type TRaw = { customerId: string; amountMinor: bigint; currency: string; occurredAt: Date; geoCountry: string | null; merchantCountry: string; geoLat: number | null; geoLon: number | null; deviceFingerprint: string | null; deviceId: string | null };

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function newCustomer(): Promise<string> {
  const [c] = await t.db.insert(customers).values({ externalRef: `hist-${randomUUID()}` }).returning({ id: customers.id });
  return c!.id;
}

async function insertRaw(rows: TRaw[]): Promise<void> {
  if (rows.length === 0) return;
  await t.db.insert(transactions).values(
    rows.map((r) => ({
      ...r,
      externalId: `hist-${randomUUID()}`, merchantName: 'M', merchantCategoryCode: '5411', paymentToken: 'tok_x', cardBin: '411111', cardLast4: '1111', cardBrand: 'visa',
      cardExpiryMonth: 12, cardExpiryYear: 2030, channel: 'ecommerce' as const, riskScore: 0, riskLevel: 'low' as const, decision: 'allow' as const, ruleSetVersion: 'test', status: 'released' as const,
    })),
  );
}

/** The rollup as stored, and as recounted from the transactions; both sorted, arrays sorted. */
async function rollupAndRecount() {
  const norm = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
    rows.map((r) => ({ ...r, countries: [...(r.countries as string[])].sort(), fps: [...(r.fps as string[])].sort(), devs: [...(r.devs as string[])].sort() }));
  const stored = rowsOf<Record<string, unknown>>(await t.db.execute(sql`
    select customer_id::text as c, day::text as d, currency as cur, n, sum_minor::text as s1, sum_sq::text as s2, countries, device_fingerprints as fps, device_ids as devs
    from customer_daily_activity order by 1, 2, 3`));
  const recount = rowsOf<Record<string, unknown>>(await t.db.execute(sql`
    select customer_id::text as c, (occurred_at at time zone 'UTC')::date::text as d, currency as cur, count(*)::int as n, sum(amount_minor)::text as s1, sum(amount_minor::numeric * amount_minor)::text as s2,
      coalesce(array_agg(distinct coalesce(geo_country, merchant_country)::text), '{}') as countries,
      coalesce(array_agg(distinct device_fingerprint) filter (where device_fingerprint is not null), '{}') as fps,
      coalesce(array_agg(distinct device_id) filter (where device_id is not null), '{}') as devs
    from transactions where customer_id is not null group by 1, 2, 3 order by 1, 2, 3`));
  return { stored: norm(stored), recount: norm(recount) };
}

const COUNTRIES = ['DE', 'FR', 'US', 'GB'];
const CURRENCIES = ['EUR', 'USD'];

function randomRows(customerId: string, n: number, now: number, rand: () => number): TRaw[] {
  return Array.from({ length: n }, () => {
    const located = rand() < 0.6;
    return {
      customerId,
      amountMinor: BigInt(1 + Math.floor(rand() * 5_000_000)),
      currency: CURRENCIES[Math.floor(rand() * CURRENCIES.length)]!,
      // Up to 100 days back, some in the future of the payments scored below, many on the scored days themselves.
      occurredAt: new Date(now - Math.floor(rand() * 100 * DAY) + (rand() < 0.1 ? DAY : 0)),
      geoCountry: rand() < 0.5 ? COUNTRIES[Math.floor(rand() * COUNTRIES.length)]! : null,
      merchantCountry: COUNTRIES[Math.floor(rand() * COUNTRIES.length)]!,
      geoLat: located ? rand() * 90 : null,
      geoLon: located ? rand() * 180 : null,
      deviceFingerprint: rand() < 0.7 ? `fp-${Math.floor(rand() * 6)}` : null,
      deviceId: rand() < 0.5 ? `dev-${Math.floor(rand() * 6)}` : null,
    };
  });
}

/** The documented window, computed from the raw rows: the 90 UTC days before the payment's day, plus that day up to the payment. */
function reference(rows: TRaw[], q: { customerId: string; currency: string; occurredAt: Date; deviceFingerprint: string | null; deviceId: string | null }) {
  const at = q.occurredAt.getTime();
  const dayStart = Math.floor(at / DAY) * DAY;
  const w = rows.filter((r) => r.customerId === q.customerId && r.occurredAt.getTime() >= dayStart - 90 * DAY && r.occurredAt.getTime() < at);
  if (w.length === 0) return null;
  const same = w.filter((r) => r.currency === q.currency).map((r) => Number(r.amountMinor));
  const mean = same.reduce((a, b) => a + b, 0) / same.length;
  const sd = Math.sqrt(same.reduce((a, b) => a + (b - mean) ** 2, 0) / same.length);
  const inLast = (ms: number) => w.filter((r) => r.occurredAt.getTime() >= at - ms);
  const sumSame = (xs: TRaw[]) => xs.filter((r) => r.currency === q.currency).reduce((a, r) => a + r.amountMinor, 0n);
  const located = w.filter((r) => r.geoLat !== null).sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0];
  return {
    count: w.length,
    amount: same.length ? { count: same.length, mean, stddev: sd } : null,
    lastHour: { count: inLast(3_600_000).length, sumMinor: sumSame(inLast(3_600_000)) },
    lastDay: { count: inLast(DAY).length, sumMinor: sumSame(inLast(DAY)) },
    countries: [...new Set(w.map((r) => r.geoCountry ?? r.merchantCountry))].sort(),
    deviceSeen: w.some((r) => (q.deviceFingerprint !== null && r.deviceFingerprint === q.deviceFingerprint) || (q.deviceId !== null && r.deviceId === q.deviceId)),
    previousLocated: located ? { occurredAt: located.occurredAt, lat: located.geoLat, lon: located.geoLon, country: located.geoCountry } : null,
  };
}

describe('customer history over the daily rollup', () => {
  it('keeps the rollup equal to a recount after inserts, history-column updates, other updates, deletes and TRUNCATE', async () => {
    const rand = rng(7);
    const now = Date.UTC(2026, 10, 20, 13, 0, 0);
    const a = await newCustomer();
    const b = await newCustomer();
    await insertRaw(randomRows(a, 60, now, rand));
    await insertRaw([...randomRows(b, 40, now, rand), ...randomRows(a, 20, now, rand)]);
    for (const r of randomRows(a, 15, now, rand)) await insertRaw([r]);
    let { stored, recount } = await rollupAndRecount();
    expect(stored.length).toBeGreaterThan(20);
    expect(stored).toEqual(recount);

    const some = await t.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.customerId, a)).limit(12);
    // A move to another day and currency, an amount change, a new device, a country change: each recomputes the days involved.
    await t.db.update(transactions).set({ occurredAt: new Date(now - 3 * DAY), currency: 'USD' }).where(eq(transactions.id, some[0]!.id));
    await t.db.update(transactions).set({ amountMinor: 123n }).where(eq(transactions.id, some[1]!.id));
    await t.db.update(transactions).set({ deviceFingerprint: 'fp-new', deviceId: null }).where(eq(transactions.id, some[2]!.id));
    await t.db.update(transactions).set({ geoCountry: 'JP' }).where(eq(transactions.id, some[3]!.id));
    await t.db.update(transactions).set({ customerId: b }).where(eq(transactions.id, some[4]!.id));
    // A status change is not a history change: nothing to recompute, and nothing changes.
    await t.db.update(transactions).set({ status: 'frozen' }).where(eq(transactions.id, some[5]!.id));
    ({ stored, recount } = await rollupAndRecount());
    expect(stored).toEqual(recount);

    await t.db.delete(transactions).where(eq(transactions.id, some[6]!.id));
    await t.db.delete(transactions).where(eq(transactions.customerId, b));
    ({ stored, recount } = await rollupAndRecount());
    expect(stored).toEqual(recount);
    expect(stored.some((r) => r.c === b)).toBe(false);

    await t.db.execute(sql`truncate transactions cascade`);
    ({ stored, recount } = await rollupAndRecount());
    expect(stored).toEqual([]);
    expect(recount).toEqual([]);
  });

  it('gives the history of the documented window, single and batched alike, for random payments', async () => {
    const rand = rng(11);
    const now = Date.UTC(2026, 10, 22, 9, 30, 0);
    const people = [await newCustomer(), await newCustomer(), await newCustomer()];
    const all: TRaw[] = [];
    for (const c of people) all.push(...randomRows(c, 150, now, rand));
    // Neighbours of the scored instant `now`: just before, at the same instant (not history: it is not before), just after.
    for (const c of people) for (const offset of [-1, 0, 1]) all.push({ ...randomRows(c, 1, now, rand)[0]!, occurredAt: new Date(now + offset) });
    for (let i = 0; i < all.length; i += 50) await insertRaw(all.slice(i, i + 50));

    const queries = Array.from({ length: 40 }, (_, i) => ({
      customerId: people[i % people.length]!,
      currency: CURRENCIES[i % 2]!,
      // The scored instants: now, a day boundary, just after midnight, 90 and 91 days back, and random ones.
      occurredAt: new Date([now, Math.floor(now / DAY) * DAY, Math.floor(now / DAY) * DAY + 1, now - 90 * DAY, now - 91 * DAY][i % 5]! - (i >= 10 ? Math.floor(rand() * 95 * DAY) : 0)),
      deviceFingerprint: i % 3 === 0 ? null : `fp-${i % 7}`,
      deviceId: i % 4 === 0 ? `dev-${i % 7}` : null,
    }));
    const batched = await loadCustomerHistories(t.db, queries);
    for (const [i, q] of queries.entries()) {
      const expected = reference(all, q);
      const single = await loadCustomerHistory(t.db, q);
      expect(batched[i], `query ${i}`).toEqual(single);
      if (!expected) {
        expect(single.count, `query ${i}`).toBe(0);
        continue;
      }
      const { amount, ...rest } = expected;
      expect({ ...single, amount: undefined, countries: [...single.countries].sort() }, `query ${i}`).toEqual({ ...rest, amount: undefined });
      if (amount) {
        expect(single.amount?.count).toBe(amount.count);
        expect(single.amount!.mean).toBeCloseTo(amount.mean, 6);
        expect(single.amount!.stddev).toBeCloseTo(amount.stddev, 4);
      } else expect(single.amount).toBeNull();
    }
  });
});
