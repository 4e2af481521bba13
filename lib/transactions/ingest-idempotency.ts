/**
 * Idempotency-Key handling for the ingest API (per service token). The key is claimed with
 * INSERT … ON CONFLICT DO NOTHING before any work, in its own statement, so a concurrent
 * duplicate sees the claim and gets 409 instead of waiting. The claim is completed with the
 * response in the ingest's own transaction (both commit or neither), and released when the
 * work fails so that the client can retry. A claim left behind by a crashed process may be
 * taken over after a minute. Completed keys are kept at least 24 hours.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';

export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_RETENTION_HOURS = 24;
export const STALE_CLAIM_SECONDS = 60;

/** The answers to a key that is not ours to claim (same wording on the single and the batch path). */
export const keyReusedError = () => new AppError('VALIDATION', 'This Idempotency-Key was already used with a different request body.');
export const keyBusyError = () => new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry later.');

export type TIdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: Record<string, unknown> };

export function requestHash(rawBody: string): string {
  return createHash('sha256').update(rawBody, 'utf8').digest('hex');
}

export function parseIdempotencyKey(header: string | null): string {
  if (header === null || header === '') throw new AppError('BAD_REQUEST', 'The Idempotency-Key header is required.');
  if (!IDEMPOTENCY_KEY_RE.test(header)) throw new AppError('BAD_REQUEST', 'The Idempotency-Key must be 1–255 visible ASCII characters.');
  return header;
}

export const keyOf = (tokenId: string, key: string) => and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key));

export async function claimIdempotencyKey(db: TDb, tokenId: string, key: string, hash: string): Promise<TIdempotencyClaim> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ tokenId, key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'claimed' };

  const [row] = await db.select().from(idempotencyKeys).where(keyOf(tokenId, key)).limit(1);
  if (!row) return claimIdempotencyKey(db, tokenId, key, hash); // released between our two statements
  if (row.requestHash !== hash) {
    throw keyReusedError();
  }
  if (row.status === 'completed' && row.responseStatus && row.responseBody) {
    return { kind: 'replay', status: row.responseStatus, body: row.responseBody };
  }
  const takenOver = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        keyOf(tokenId, key),
        eq(idempotencyKeys.status, 'in_progress'),
        lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${STALE_CLAIM_SECONDS})`),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length > 0) return { kind: 'claimed' };
  throw keyBusyError();
}

export async function completeIdempotencyKey(
  tx: TDbOrTx,
  tokenId: string,
  key: string,
  response: { status: number; body: Record<string, unknown> },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ status: 'completed', responseStatus: response.status, responseBody: response.body, completedAt: sql`now()` })
    .where(and(keyOf(tokenId, key), eq(idempotencyKeys.status, 'in_progress')));
}

/** Drops an unfinished claim after a failure, so the same key can be retried. */
export async function releaseIdempotencyKey(db: TDb, tokenId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(keyOf(tokenId, key), eq(idempotencyKeys.status, 'in_progress')));
}

/** Deletes keys of any status older than the retention period (never newer than 24 hours). */
export async function pruneIdempotencyKeys(db: TDb, olderThanHours = IDEMPOTENCY_RETENTION_HOURS): Promise<number> {
  const hours = Math.max(olderThanHours, IDEMPOTENCY_RETENTION_HOURS);
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${hours})`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}

/** Hourly prune of idempotency keys older than 24 hours (started at boot; unref'd so it never holds the process). */
export function startIdempotencyKeyPrune(getDb: () => Promise<TDb>, everyMs = 3_600_000): void {
  const run = async () => {
    try {
      await pruneIdempotencyKeys(await getDb());
    } catch {
      // Best effort: a missed prune only leaves old keys a little longer.
    }
  };
  setInterval(() => void run(), everyMs).unref?.();
}
