/**
 * What the risk engine needs to know about a customer's past: amount statistics in the same
 * currency over the last 90 days, velocity in the last hour and day, the countries and devices
 * seen before, and the latest located transaction (for impossible travel). Computed by the
 * statement in customer-histories.ts (which says exactly what the window is); this file holds
 * the shape and the single-payment entry point.
 */
import 'server-only';
import type { TDbOrTx } from '@/db/types';
import type { TRiskHistory } from '@/lib/risk';
import { loadCustomerHistories } from './customer-histories';

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
  /** Every country of the window, comma-separated, repeats included (null: none). */
  countries: string | null;
  device_seen: boolean;
  prev_at: Date | string | null;
  prev_lat: number | null;
  prev_lon: number | null;
  prev_country: string | null;
};

const num = (v: number | string | null) => (v === null ? 0 : Number(v));

/** The distinct countries of the statement's comma-separated list, sorted (ISO 3166 alpha-2 codes: code-unit order is alphabetical). */
function distinctCountries(csv: string | null): string[] {
  if (!csv) return [];
  return [...new Set(csv.split(',').filter(Boolean))].sort();
}

/** One payment's history: the batch statement (customer-histories.ts) with one item, so both paths score alike. */
export async function loadCustomerHistory(
  db: TDbOrTx,
  input: { customerId: string; currency: string; occurredAt: Date; deviceFingerprint?: string | null; deviceId?: string | null },
): Promise<TCustomerHistory> {
  const [history] = await loadCustomerHistories(db, [input]);
  return history ?? EMPTY_HISTORY;
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
    countries: distinctCountries(r.countries),
    deviceSeen: r.device_seen === true,
    previousLocated:
      r.prev_at !== null && r.prev_lat !== null && r.prev_lon !== null
        ? { occurredAt: new Date(r.prev_at), lat: Number(r.prev_lat), lon: Number(r.prev_lon), country: r.prev_country }
        : null,
  };
}
