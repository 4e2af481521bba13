/**
 * Idempotency-Key handling for a group-commit ingest batch, inside the batch's transaction and
 * with the single path's answers (ingest-idempotency.ts): one INSERT … ON CONFLICT DO NOTHING
 * (the keys as one jsonb parameter, a prepared statement: ingest-statements.ts) claims every new key; a key already stored answers 422 (different body), its stored
 * response (completed) or 409 (in progress; a claim older than a minute is taken over); a key
 * sent twice in one batch is claimed by the first request and the second gets 409 (or 422 when
 * its body differs), as a concurrent duplicate does today. Completion and release of the
 * batch's claims are one statement each.
 */
import 'server-only';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { idempotencyKeys } from '@/db/schema';
import type { TTx } from '@/db/types';
import type { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { IngestBatchRace } from './ingest-customers';
import { keyBusyError, keyOf, keyReusedError, STALE_CLAIM_SECONDS } from './ingest-idempotency';
import { CLAIM_KEYS, COMPLETE_KEYS, RELEASE_KEYS, runIngestStatement } from './ingest-statements';
import type { TIngestTransaction } from './schemas';

/** One validated request waiting for the batch: everything but the database work is done. */
export type TIngestItem = { tokenId: string; key: string; hash: string; input: TIngestTransaction; meta: TRequestMeta };

/** What an item's request answers: a response body (201, or a replayed stored response) or an AppError. */
export type TIngestOutcome = { ok: true; status: number; body: Record<string, unknown>; replayed: boolean } | { ok: false; error: AppError };

type TStoredKey = typeof idempotencyKeys.$inferSelect & { stale: boolean };

const idOf = (it: TIngestItem) => `${it.tokenId}\u0000${it.key}`;
const keysJson = (items: TIngestItem[]) => JSON.stringify(items.map((it) => ({ t: it.tokenId, k: it.key })));

function answerFromStored(row: TStoredKey, hash: string): TIngestOutcome | 'busy' {
  if (row.requestHash !== hash) return { ok: false, error: keyReusedError() };
  if (row.status === 'completed' && row.responseStatus && row.responseBody) return { ok: true, status: row.responseStatus, body: row.responseBody, replayed: true };
  return 'busy';
}

/** Claims the batch's keys; returns the indexes of the items that own their claim and fills `out` for the others. */
export async function claimBatchKeys(tx: TTx, items: TIngestItem[], out: (TIngestOutcome | undefined)[]): Promise<number[]> {
  const firstOf = new Map<string, number>();
  items.forEach((it, i) => firstOf.has(idOf(it)) || firstOf.set(idOf(it), i));
  const firsts = [...firstOf.values()];
  // In key order, so two instances' batches claiming overlapping keys lock them in the same order (no deadlock).
  const claims = [...firsts]
    .sort((a, b) => (idOf(items[a]!) < idOf(items[b]!) ? -1 : 1))
    .map((i) => ({ t: items[i]!.tokenId, k: items[i]!.key, h: items[i]!.hash }));
  const inserted = await runIngestStatement<{ token_id: string; key: string }>(tx, CLAIM_KEYS, [JSON.stringify(claims)]);
  const owned = new Set(inserted.map((r) => `${r.token_id}\u0000${r.key}`));

  const lost = firsts.filter((i) => !owned.has(idOf(items[i]!)));
  const stored = new Map<string, TStoredKey>();
  if (lost.length > 0) {
    const rows = await tx
      .select({ ...TABLE_COLUMNS, stale: sql<boolean>`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})` })
      .from(idempotencyKeys)
      .where(or(...lost.map((i) => keyOf(items[i]!.tokenId, items[i]!.key))));
    for (const r of rows) stored.set(`${r.tokenId}\u0000${r.key}`, r);
  }
  const staleBusy: number[] = [];
  for (const i of lost) {
    const row = stored.get(idOf(items[i]!));
    if (!row) throw new IngestBatchRace('an Idempotency-Key was released between claim and lookup');
    const answer = answerFromStored(row, items[i]!.hash);
    if (answer !== 'busy') out[i] = answer;
    else if (row.stale && row.status === 'in_progress') staleBusy.push(i);
    else out[i] = { ok: false, error: keyBusyError() };
  }
  for (const i of await takeOverStaleClaims(tx, items, staleBusy)) owned.add(idOf(items[i]!));
  for (const i of staleBusy) if (!owned.has(idOf(items[i]!))) out[i] = { ok: false, error: keyBusyError() };

  items.forEach((it, i) => {
    const first = firstOf.get(idOf(it))!;
    if (first === i) return;
    // A second request with the same key in this batch: the first one is (or was) in progress.
    const row = stored.get(idOf(it));
    const answer = owned.has(idOf(it)) || !row ? (it.hash === items[first]!.hash ? 'busy' : { ok: false as const, error: keyReusedError() }) : answerFromStored(row, it.hash);
    out[i] = answer === 'busy' ? { ok: false, error: keyBusyError() } : answer;
  });
  return firsts.filter((i) => owned.has(idOf(items[i]!)));
}

const TABLE_COLUMNS = {
  tokenId: idempotencyKeys.tokenId,
  key: idempotencyKeys.key,
  requestHash: idempotencyKeys.requestHash,
  status: idempotencyKeys.status,
  responseStatus: idempotencyKeys.responseStatus,
  responseBody: idempotencyKeys.responseBody,
  createdAt: idempotencyKeys.createdAt,
  completedAt: idempotencyKeys.completedAt,
};

/** A claim left behind by a crashed process may be taken over after a minute (as on the single path). */
async function takeOverStaleClaims(tx: TTx, items: TIngestItem[], indexes: number[]): Promise<number[]> {
  const taken: number[] = [];
  for (const i of indexes) {
    const rows = await tx
      .update(idempotencyKeys)
      .set({ createdAt: sql`now()` })
      .where(
        and(
          keyOf(items[i]!.tokenId, items[i]!.key),
          eq(idempotencyKeys.status, 'in_progress'),
          lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${STALE_CLAIM_SECONDS})`),
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (rows.length > 0) taken.push(i);
  }
  return taken;
}

/** Completes the claims of the batch's ingested items with their 201 responses, in one statement. */
export async function completeBatchKeys(tx: TTx, done: { item: TIngestItem; body: Record<string, unknown> }[]): Promise<void> {
  if (done.length === 0) return;
  const rows = done.map((d) => ({ t: d.item.tokenId, k: d.item.key, b: d.body }));
  await runIngestStatement(tx, COMPLETE_KEYS, [JSON.stringify(rows)]);
}

/** Drops the claims of items that were not ingested (so the client may retry with the key), in one statement. */
export async function releaseBatchKeys(tx: TTx, items: TIngestItem[]): Promise<void> {
  if (items.length === 0) return;
  await runIngestStatement(tx, RELEASE_KEYS, [keysJson(items)]);
}
