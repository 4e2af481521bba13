/**
 * Group commit for the ingest API. Each commit costs an fsync, and one commit per request
 * capped the route at a few hundred requests a second on this disk; a batch of requests in one
 * transaction pays it once.
 *
 * Design:
 * - The HTTP path (ingest-request.ts) does all per-request work first (token, media type, size,
 *   HMAC, PAN guard, zod: nothing stored for refused input), then submits the validated item and
 *   awaits its own outcome.
 * - Up to maxInFlight batches run at once per database (2 on PostgreSQL, so one is prepared while
 *   the other waits for the database; 1 on PGlite). While they run, new items queue; when one
 *   ends the next takes up to MAX_BATCH waiting items (an idle batcher waits LINGER_MS first, to
 *   gather the requests arriving together). So batches grow with load and a lone request waits ~nothing.
 *   A batch starts beside a running one only when minBeside items wait (POSTGRES_MIN_BESIDE).
 * - Exactness: no two items of the same customer reference or the same externalId are in
 *   running batches at once; the later one waits for a later batch, so its history includes the
 *   earlier one (committed by then).
 *   Items with the same Idempotency-Key do share a batch: the second is answered 409 (or 422),
 *   as a concurrent duplicate is on the single path; so is one arriving while its key's batch runs.
 * - Failure isolation: when a batch transaction throws (nothing committed), its items are rerun
 *   one by one through the single-item path (ingest-single.ts), so a bad item fails alone.
 * - Every submitted item is answered exactly once (its promise settles once). close() stops
 *   queueing (later items go straight through the single path) and waits until the queue is
 *   flushed. If the process dies instead, the clients see a dropped connection; no claim was
 *   stored for their items (claims are made inside the batch transaction), so retrying with the
 *   same Idempotency-Key is safe.
 * - Audit chains stay ingestAuditChain(externalId), as on the single path: the transaction page
 *   looks the ingest event up there. appendAuditEvents locks each chain a batch touches once.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { logger } from '@/lib/log/logger';
import { runIngestBatch } from './ingest-batch';
import type { TIngestItem, TIngestOutcome } from './ingest-batch-keys';
import { keyBusyError, keyReusedError } from './ingest-idempotency';
import { ingestSingleItem } from './ingest-single';

export const MAX_BATCH = 128;
export const LINGER_MS = 1;

type TPending = { item: TIngestItem; resolve: (o: TIngestOutcome) => void; reject: (e: unknown) => void };

export type TIngestBatcherOptions = {
  maxBatch?: number;
  lingerMs?: number;
  /** Batches running at once (default 1). More than one only helps on PostgreSQL (PGlite has one connection). */
  maxInFlight?: number;
  /** A batch starts beside a running one only when this many items wait (default 1); fewer wait for the next turn. */
  minBeside?: number;
  /** Tests only: replaces the batch transaction (e.g. to make it fail). */
  runBatch?: (db: TDb, items: TIngestItem[]) => Promise<TIngestOutcome[]>;
};

export type TIngestBatcherStats = { batches: number; items: number; fallbacks: number; largest: number };

export class IngestBatcher {
  private queue: TPending[] = [];
  private running = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** What the running batches hold: Idempotency keys (token + key → request hash), customer references, externalIds. */
  private readonly inFlight = new Map<string, string>();
  private readonly busyCustomers = new Set<string>();
  private readonly busyExternalIds = new Set<string>();
  readonly stats: TIngestBatcherStats = { batches: 0, items: 0, fallbacks: 0, largest: 0 };

  constructor(
    private readonly db: TDb,
    private readonly opts: TIngestBatcherOptions = {},
  ) {}

  submit(item: TIngestItem): Promise<TIngestOutcome> {
    if (this.closed) return ingestSingleItem(this.db, item);
    const busy = this.busyAnswer(item);
    if (busy) return Promise.resolve(busy);
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running < (this.opts.maxInFlight ?? 1) && !this.timer) {
        const linger = this.opts.lingerMs ?? LINGER_MS;
        this.timer = setTimeout(() => ((this.timer = null), this.pump()), linger);
      }
    });
  }

  /** Stops batching and resolves when every queued item has been answered. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running === 0 && this.queue.length === 0 && !this.timer) return;
    await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /** Its key is being processed by a running batch: "in progress", as on the single path (body check first). */
  private busyAnswer(item: TIngestItem): TIngestOutcome | null {
    const running = this.inFlight.get(keyIdOf(item));
    if (running === undefined) return null;
    return { ok: false, error: running === item.hash ? keyBusyError() : keyReusedError() };
  }

  /** Starts batches while there is room and work that may run now. */
  private pump(): void {
    while (this.running < (this.opts.maxInFlight ?? 1) && this.queue.length > 0) {
      if (this.running > 0 && this.queue.length < (this.opts.minBeside ?? 1)) break;
      const batch = this.take();
      if (batch.length === 0) break;
      this.running += 1;
      void this.flush(batch).finally(() => {
        this.running -= 1;
        for (const p of batch) {
          this.busyCustomers.delete(p.item.input.customer.reference);
          this.busyExternalIds.delete(p.item.input.externalId);
        }
        this.pump();
        if (this.running === 0 && this.queue.length === 0 && !this.timer) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  /**
   * The next batch, in arrival order, leaving queued the items whose customer or externalId is
   * already in it or in a running batch; an item whose key a running batch holds is answered now.
   */
  private take(): TPending[] {
    const max = this.opts.maxBatch ?? MAX_BATCH;
    const batch: TPending[] = [];
    const rest: TPending[] = [];
    const keys = new Set<string>();
    for (const p of this.queue) {
      const { input } = p.item;
      const keyId = keyIdOf(p.item);
      const busy = this.busyAnswer(p.item);
      if (busy) p.resolve(busy);
      else if (batch.length >= max) rest.push(p);
      else if (keys.has(keyId)) batch.push(p);
      else if (this.busyCustomers.has(input.customer.reference) || this.busyExternalIds.has(input.externalId)) rest.push(p);
      else {
        keys.add(keyId);
        this.busyCustomers.add(input.customer.reference);
        this.busyExternalIds.add(input.externalId);
        batch.push(p);
      }
    }
    this.queue = rest;
    for (const p of batch) if (!this.inFlight.has(keyIdOf(p.item))) this.inFlight.set(keyIdOf(p.item), p.item.hash);
    return batch;
  }

  private async flush(batch: TPending[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    // A key leaves "in progress" before its answer is sent, so a retry after the answer sees the stored result.
    const answer = (p: TPending, o: TIngestOutcome) => (this.inFlight.delete(keyIdOf(p.item)), p.resolve(o));
    let outcomes: TIngestOutcome[];
    try {
      outcomes = await (this.opts.runBatch ?? runIngestBatch)(this.db, batch.map((p) => p.item));
    } catch (e) {
      this.stats.fallbacks += 1;
      logger().warn({ err: e instanceof Error ? e.name : 'unknown', code: (e as { code?: unknown } | null)?.code, items: batch.length }, 'ingest batch failed; rerunning its items one by one');
      for (const p of batch) {
        try {
          answer(p, await ingestSingleItem(this.db, p.item));
        } catch (err) {
          this.inFlight.delete(keyIdOf(p.item));
          p.reject(err);
        }
      }
      return;
    }
    batch.forEach((p, i) => answer(p, outcomes[i]!));
  }
}

const keyIdOf = (item: TIngestItem) => `${item.tokenId}\u0000${item.key}`;

const batchers = new WeakMap<TDb, IngestBatcher>();

/** Batches at once on PostgreSQL: while one waits for the database, the next is prepared; PGlite has one connection. */
export const POSTGRES_BATCHES_IN_FLIGHT = 2;
/**
 * ...but the second one starts only when this many items wait. A small batch beside a running one mostly waits for
 * the running batch's audit chain-head locks (both touch most chains) while paying the whole per-batch cost (~18
 * statements and round trips), so small batches take turns instead; under heavy load two run at once.
 * Measured at 1 M seed, 64 callers: 1 → 582-959/s, 16 → 896-1,061/s, 32 → 992-1,036/s (docs/performance.md).
 */
export const POSTGRES_MIN_BESIDE = MAX_BATCH / 4;

/**
 * On PostgreSQL a batch takes at most this many items, so a burst is shared by the two batches in
 * flight (one in the database while the other is prepared or answered here) instead of filling
 * one batch while the other slot stays idle: once token lookups of a turn were coalesced, 64
 * callers arrived together and went out as one batch of 64 at a time. Measured at 1 M seed, 64
 * callers, load 1.7-2.7 (docs/performance.md): batches of up to 128 → 1,156-1,389/s, p99 56-85 ms;
 * of up to 32 → 1,731-1,807/s, p99 52-60 ms; 22 with three in flight → 1,722/s, p99 66 ms.
 */
export const POSTGRES_MAX_BATCH = 32;

/** The process's batcher for `db` (one per database handle, created on first use). */
export function ingestBatcherFor(db: TDb, driver: 'postgres' | 'pglite' = 'pglite'): IngestBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new IngestBatcher(db, driver === 'postgres' ? { maxInFlight: POSTGRES_BATCHES_IN_FLIGHT, minBeside: POSTGRES_MIN_BESIDE, maxBatch: POSTGRES_MAX_BATCH } : { maxInFlight: 1 });
    batchers.set(db, b);
  }
  return b;
}

/** Flushes and retires the batcher of `db` (process shutdown); later requests start a new one. */
export async function closeIngestBatcher(db: TDb): Promise<void> {
  const b = batchers.get(db);
  batchers.delete(db);
  await b?.close();
}
