/**
 * One validated ingest request on its own (claim the Idempotency-Key in its own statement, then
 * one transaction that ingests and completes the key; the key is released when that fails).
 * The batcher's fallback when a batch fails, so one bad item never fails its neighbours.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { AppError } from '@/lib/errors';
import type { TIngestItem, TIngestOutcome } from './ingest-batch-keys';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from './ingest-idempotency';
import { ingestTransaction } from './ingest-transaction';

/** The outcome of one item; AppErrors are outcomes, anything else is thrown (a 500 for this request only). */
export async function ingestSingleItem(db: TDb, item: TIngestItem): Promise<TIngestOutcome> {
  try {
    const claim = await claimIdempotencyKey(db, item.tokenId, item.key, item.hash);
    if (claim.kind === 'replay') return { ok: true, status: claim.status, body: claim.body, replayed: true };
    try {
      const body = await ingestTransaction(db, item.input, {
        tokenId: item.tokenId,
        meta: item.meta,
        beforeCommit: (tx, response) => completeIdempotencyKey(tx, item.tokenId, item.key, { status: 201, body: response }),
      });
      return { ok: true, status: 201, body, replayed: false };
    } catch (e) {
      await releaseIdempotencyKey(db, item.tokenId, item.key).catch(() => undefined);
      throw e;
    }
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e };
    throw e;
  }
}
