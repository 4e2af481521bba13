/**
 * The risk engine's customer history (lib/risk's TRiskHistory) for a batch of payments in ONE
 * statement, a LATERAL subquery per item; the single-payment form (customer-history.ts) runs
 * the same statement with one item, so a payment is scored identically on either path.
 *
 * The window is the 90 UTC calendar days before the payment's day plus that day up to the
 * payment: the whole days come from customer_daily_activity (one row per customer, day and
 * currency, kept by triggers on transactions: migration 0018), the last 24 hours (the 1 h /
 * 24 h velocity, and the payment's own day, which they cover) from the transactions themselves
 * over the (customer_id, occurred_at) index, the latest located transaction over the partial
 * index of located transactions. Only transactions that occurred before the payment count, so history never includes
 * the future. Mean and standard deviation come from exact sums (numeric), so no rounding
 * builds up however many days are combined. The batcher never puts two transactions of one
 * customer in the same batch, so no item needs to see another's row.
 */
import 'server-only';
import type { TDbOrTx } from '@/db/types';
import { historyFromRow, type TCustomerHistory, type TRow } from './customer-history';
import { runIngestStatement, type TIngestStatement } from './ingest-statements';

/** A prepared statement (ingest-statements.ts): its text never changes, the batch is one jsonb parameter. */
const HISTORIES: TIngestStatement = {
  name: 'customer_histories_v3',
  text: `
    select b.i, h.*, p.*
    from jsonb_to_recordset($1::jsonb) as b(i int, c uuid, cur text, at timestamptz, fp text, dev text)
    cross join lateral (
      select (b.at at time zone 'UTC')::date as day, date_trunc('day', b.at at time zone 'UTC') at time zone 'UTC' as day_start
    ) d
    cross join lateral (
      with r as (
        -- The last 24 hours before the payment, from the transactions themselves: the velocity windows, and the payment's own day (which they cover).
        select t.currency, t.amount_minor, t.occurred_at, coalesce(t.geo_country, t.merchant_country)::text as country, t.device_fingerprint, t.device_id
        from transactions t
        where t.customer_id = b.c and t.occurred_at >= b.at - interval '1 day' and t.occurred_at < b.at
      ), u as (
        select a.currency, a.n, a.sum_minor as s1, a.sum_sq as s2, a.countries, a.device_fingerprints as fps, a.device_ids as devs
        from customer_daily_activity a
        where a.customer_id = b.c and a.day >= d.day - 90 and a.day < d.day
        union all
        select r.currency, 1, r.amount_minor::numeric, r.amount_minor::numeric * r.amount_minor, array[r.country], array[r.device_fingerprint], array[r.device_id]
        from r
        where r.occurred_at >= d.day_start
      ), s as (
        -- One pass over u: the sums, the countries as one comma-separated text (deduplicated and sorted by historyFromRow:
        -- an array_agg(distinct …) over unnest here cost a third of the statement), whether the payment's device is among the seen.
        select coalesce(sum(u.n), 0) as n, coalesce(sum(u.n) filter (where u.currency = b.cur), 0) as amount_n,
          sum(u.s1) filter (where u.currency = b.cur) as s1, sum(u.s2) filter (where u.currency = b.cur) as s2,
          string_agg(array_to_string(u.countries, ','), ',') as countries,
          coalesce(bool_or((b.fp is not null and b.fp = any(u.fps)) or (b.dev is not null and b.dev = any(u.devs))), false) as device_seen
        from u
      ), v as (
        select
          count(*) filter (where r.occurred_at >= b.at - interval '1 hour') as h_n,
          (sum(r.amount_minor) filter (where r.occurred_at >= b.at - interval '1 hour' and r.currency = b.cur))::text as h_sum,
          count(*) as d_n,
          (sum(r.amount_minor) filter (where r.currency = b.cur))::text as d_sum
        from r
      )
      select s.n, s.amount_n,
        case when s.amount_n > 0 then (s.s1 / s.amount_n)::float8 end as amount_mean,
        case when s.amount_n > 0 then (sqrt(greatest(s.s2 * s.amount_n - s.s1 * s.s1, 0)) / s.amount_n)::float8 end as amount_sd,
        v.h_n, v.h_sum, v.d_n, v.d_sum,
        s.countries, s.device_seen
      from s, v
    ) h
    left join lateral (
      select t.occurred_at as prev_at, t.geo_lat as prev_lat, t.geo_lon as prev_lon, t.geo_country as prev_country
      from transactions t
      where t.customer_id = b.c and t.occurred_at >= (d.day - 90)::timestamp at time zone 'UTC' and t.occurred_at < b.at and t.geo_lat is not null
      order by t.occurred_at desc
      limit 1
    ) p on true`,
};

export type THistoryQuery = { customerId: string; currency: string; occurredAt: Date; deviceFingerprint?: string | null; deviceId?: string | null };

export async function loadCustomerHistories(db: TDbOrTx, queries: THistoryQuery[]): Promise<TCustomerHistory[]> {
  if (queries.length === 0) return [];
  const items = JSON.stringify(
    queries.map((q, i) => ({ i, c: q.customerId, cur: q.currency, at: q.occurredAt.toISOString(), fp: q.deviceFingerprint ?? null, dev: q.deviceId ?? null })),
  );
  const rows = await runIngestStatement<TRow & { i: number | string }>(db, HISTORIES, [items]);
  const out: TCustomerHistory[] = new Array(queries.length);
  for (const r of rows) out[Number(r.i)] = historyFromRow(r);
  return out;
}
