/**
 * The batch form of loadCustomerHistory (customer-history.ts) for the group-commit ingest: the
 * history of every transaction of a batch in ONE statement, a LATERAL subquery per batch item
 * over the (customer_id, occurred_at) index. Same windows, filters and columns as the single
 * statement, so a transaction is scored identically on either path. The batcher never puts two
 * transactions of one customer in the same batch, so no item needs to see another's row.
 */
import 'server-only';
import type { TDbOrTx } from '@/db/types';
import { historyFromRow, type TCustomerHistory, type TRow } from './customer-history';
import { runIngestStatement, type TIngestStatement } from './ingest-statements';

/** A prepared statement (ingest-statements.ts): its text never changes, the batch is one jsonb parameter. */
const HISTORIES: TIngestStatement = {
  name: 'ingest_customer_histories',
  text: `
    select b.i, h.*, p.*
    from jsonb_to_recordset($1::jsonb) as b(i int, c uuid, cur text, at timestamptz, fp text, dev text)
    cross join lateral (
      select
        count(*) as n,
        count(*) filter (where t.currency = b.cur) as amount_n,
        avg(t.amount_minor::float8) filter (where t.currency = b.cur) as amount_mean,
        stddev_pop(t.amount_minor::float8) filter (where t.currency = b.cur) as amount_sd,
        count(*) filter (where t.occurred_at >= b.at - interval '1 hour') as h_n,
        (sum(t.amount_minor) filter (where t.occurred_at >= b.at - interval '1 hour' and t.currency = b.cur))::text as h_sum,
        count(*) filter (where t.occurred_at >= b.at - interval '1 day') as d_n,
        (sum(t.amount_minor) filter (where t.occurred_at >= b.at - interval '1 day' and t.currency = b.cur))::text as d_sum,
        coalesce(array_agg(distinct coalesce(t.geo_country, t.merchant_country)), '{}') as countries,
        coalesce(bool_or((b.fp is not null and t.device_fingerprint = b.fp) or (b.dev is not null and t.device_id = b.dev)), false) as device_seen
      from transactions t
      where t.customer_id = b.c and t.occurred_at >= b.at - interval '90 days' and t.occurred_at < b.at
    ) h
    left join lateral (
      select t.occurred_at as prev_at, t.geo_lat as prev_lat, t.geo_lon as prev_lon, t.geo_country as prev_country
      from transactions t
      where t.customer_id = b.c and t.occurred_at >= b.at - interval '90 days' and t.occurred_at < b.at and t.geo_lat is not null
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
