/**
 * Group commit for the ingest API. Each commit costs an fsync, and one commit per request
 * capped the route at a few hundred requests a second on this disk; a batch of requests in one
 * transaction pays it once.
 *
 * Design:
 * - The HTTP path (ingest-request.ts) does all per-request work first (token, media type, size,
 *   HMAC, PAN guard, zod: nothing stored for refused input), then submits the validated item and
 *   awaits its own outcome.
 * - One batch runs at a time per database. While it runs, new items queue; when it ends the next
 *   batch takes up to MAX_BATCH waiting items (an idle batcher waits LINGER_MS first, to gather
 *   the requests arriving together). So batches grow with load and a lone request waits ~nothing.
 * - Exactness: a batch never holds two items of the same customer reference or the same
 *   externalId; the later one waits for the next batch, so its history includes the earlier one.
 *   Items with the same Idempotency-Key do share a batch: the second is answered 409 (or 422),
 *   as a concurrent duplicate is on the single path; so is one arriving while its key's batch runs.
 * - Failure isolation: when a batch transaction throws (nothing committed), its items are rerun
 *   one by one through the single-item path (ingest-single.ts), so a bad item fails alone.
 * - Every submitted item is answered exactly once (its promise settles once). close() stops
 *   queueing (later items go straight through the single path) and waits until the queue is
 *   flushed. If the process dies instead, the clients see a dropped connection; no claim was
 *   stored for their items (claims are made inside the batch transaction), so retrying with the
 *   same Idempotency-Key is safe.
 * - Audit chains stay ingestAuditChain(externalId): appendAuditEvents locks each chain head once
 *   per batch, so the 8 chains cost at most 8 locks per batch and keep each event findable.
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
  /** Tests only: replaces the batch transaction (e.g. to make it fail). */
  runBatch?: (db: TDb, items: TIngestItem[]) => Promise<TIngestOutcome[]>;
};

export type TIngestBatcherStats = { batches: number; items: number; fallbacks: number; largest: number };

export class IngestBatcher {
  private queue: TPending[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;
  /** Idempotency keys (token + key → request hash) of the batch being run. */
  private readonly inFlight = new Map<string, string>();
  readonly stats: TIngestBatcherStats = { batches: 0, items: 0, fallbacks: 0, largest: 0 };

  constructor(
    private readonly db: TDb,
    private readonly opts: TIngestBatcherOptions = {},
  ) {}

  submit(item: TIngestItem): Promise<TIngestOutcome> {
    if (this.closed) return ingestSingleItem(this.db, item);
    // Its key is being processed by the running batch: "in progress", as on the single path (body check first).
    const running = this.inFlight.get(keyIdOf(item));
    if (running !== undefined) return Promise.resolve({ ok: false, error: running === item.hash ? keyBusyError() : keyReusedError() });
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Stops batching and resolves when every queued item has been answered. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    const linger = this.opts.lingerMs ?? LINGER_MS;
    await new Promise((r) => (linger > 0 ? setTimeout(r, linger) : setImmediate(r)));
    try {
      while (this.queue.length > 0) await this.flush(this.take());
    } finally {
      this.draining = null;
    }
  }

  /** The next batch, in arrival order, skipping (leaving queued) items whose customer or externalId is already in it. */
  private take(): TPending[] {
    const max = this.opts.maxBatch ?? MAX_BATCH;
    const batch: TPending[] = [];
    const rest: TPending[] = [];
    const keys = new Set<string>();
    const customers = new Set<string>();
    const externalIds = new Set<string>();
    for (const p of this.queue) {
      const { input } = p.item;
      const keyId = keyIdOf(p.item);
      if (batch.length >= max) rest.push(p);
      else if (keys.has(keyId)) batch.push(p);
      else if (customers.has(input.customer.reference) || externalIds.has(input.externalId)) rest.push(p);
      else {
        keys.add(keyId);
        customers.add(input.customer.reference);
        externalIds.add(input.externalId);
        batch.push(p);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: TPending[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    for (const p of batch) if (!this.inFlight.has(keyIdOf(p.item))) this.inFlight.set(keyIdOf(p.item), p.item.hash);
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

/** The process's batcher for `db` (one per database handle, created on first use). */
export function ingestBatcherFor(db: TDb): IngestBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new IngestBatcher(db);
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
