/**
 * What the risk engine needs to know about a customer's past, computed in one SQL statement
 * over the (customer_id, occurred_at) index: amount statistics in the same currency over the
 * last 90 days, velocity in the last hour and day, the countries and devices seen before, and
 * the latest located transaction (for impossible travel). Only transactions that occurred
 * before the one being scored count, so history never includes the future.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/types';
import type { TRiskHistory } from '@/lib/risk';

/** The shape lib/risk consumes (defined there, computed here). */
export type TCustomerHistory = TRiskHistory;

export const EMPTY_HISTORY: TCustomerHistory = {
  count: 0,
  amount: null,
  lastHour: { count: 0, sumMinor: 0n },
  lastDay: { count: 0, sumMinor: 0n },
  countries: [],
  deviceSeen: false,
  previousLocated: null,
};

export type TRow = {
  n: number | string;
  amount_n: number | string;
  amount_mean: number | string | null;
  amount_sd: number | string | null;
  h_n: number | string;
  h_sum: string | null;
  d_n: number | string;
  d_sum: string | null;
  countries: string[] | string | null;
  device_seen: boolean;
  prev_at: Date | string | null;
  prev_lat: number | null;
  prev_lon: number | null;
  prev_country: string | null;
};

const num = (v: number | string | null) => (v === null ? 0 : Number(v));

function pgTextArray(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === '{}') return [];
  return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

export async function loadCustomerHistory(
  db: TDbOrTx,
  input: { customerId: string; currency: string; occurredAt: Date; deviceFingerprint?: string | null; deviceId?: string | null },
): Promise<TCustomerHistory> {
  const at = input.occurredAt.toISOString();
  const fingerprint = input.deviceFingerprint ?? null;
  const deviceId = input.deviceId ?? null;
  const result = await db.execute(sql`
    with w as (
      select amount_minor, currency, occurred_at, geo_country, merchant_country, geo_lat, geo_lon, device_fingerprint, device_id
      from transactions
      where customer_id = ${input.customerId}
        and occurred_at >= ${at}::timestamptz - interval '90 days' and occurred_at < ${at}::timestamptz
    )
    select
      count(*) as n,
      count(*) filter (where currency = ${input.currency}) as amount_n,
      avg(amount_minor::float8) filter (where currency = ${input.currency}) as amount_mean,
      stddev_pop(amount_minor::float8) filter (where currency = ${input.currency}) as amount_sd,
      count(*) filter (where occurred_at >= ${at}::timestamptz - interval '1 hour') as h_n,
      (sum(amount_minor) filter (where occurred_at >= ${at}::timestamptz - interval '1 hour' and currency = ${input.currency}))::text as h_sum,
      count(*) filter (where occurred_at >= ${at}::timestamptz - interval '1 day') as d_n,
      (sum(amount_minor) filter (where occurred_at >= ${at}::timestamptz - interval '1 day' and currency = ${input.currency}))::text as d_sum,
      coalesce(array_agg(distinct coalesce(geo_country, merchant_country)), '{}') as countries,
      coalesce(bool_or((${fingerprint}::text is not null and device_fingerprint = ${fingerprint}) or (${deviceId}::text is not null and device_id = ${deviceId})), false) as device_seen,
      (select occurred_at from w where geo_lat is not null order by occurred_at desc limit 1) as prev_at,
      (select geo_lat from w where geo_lat is not null order by occurred_at desc limit 1) as prev_lat,
      (select geo_lon from w where geo_lat is not null order by occurred_at desc limit 1) as prev_lon,
      (select geo_country from w where geo_lat is not null order by occurred_at desc limit 1) as prev_country
    from w`);
  return historyFromRow(rowsOf<TRow>(result)[0]);
}

export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** One row of the history statement (single or batched) as lib/risk's history. */
export function historyFromRow(r: TRow | undefined): TCustomerHistory {
  if (!r || num(r.n) === 0) return EMPTY_HISTORY;
  const amountCount = num(r.amount_n);
  return {
    count: num(r.n),
    amount: amountCount > 0 ? { count: amountCount, mean: num(r.amount_mean), stddev: num(r.amount_sd) } : null,
    lastHour: { count: num(r.h_n), sumMinor: BigInt(r.h_sum ?? '0') },
    lastDay: { count: num(r.d_n), sumMinor: BigInt(r.d_sum ?? '0') },
    countries: pgTextArray(r.countries),
    deviceSeen: r.device_seen === true,
    previousLocated:
      r.prev_at !== null && r.prev_lat !== null && r.prev_lon !== null
        ? { occurredAt: new Date(r.prev_at), lat: Number(r.prev_lat), lon: Number(r.prev_lon), country: r.prev_country }
        : null,
  };
}
