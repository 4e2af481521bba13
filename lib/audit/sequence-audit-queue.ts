/**
 * The audit queue sequencer: moves committed events from audit_event_queue into their hash
 * chain. Per batch, in one transaction: lock the chain head (the same mutex appendAuditEvent
 * takes, so sequencers on several instances and synchronous appends of one chain serialise),
 * read the chain's queued rows in (occurred_at, id) order, link them exactly as
 * appendAuditEvent would (chainAuditRows), copy them into audit_events, delete them from the
 * queue, move the head and checkpoint when due. Insert and delete commit together or not at all, so a crash loses,
 * duplicates or reorders nothing: the rows simply stay queued for the next pass.
 */
import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { auditEventQueue } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { advanceChainHead, chainAuditRows, type TUnlinkedAuditEvent } from './link-audit-events';
import { lockChainHead } from './lock-chain-head';

/** Events per transaction: bounds how long the head lock is held (synchronous appends wait for it). */
export const SEQUENCE_BATCH = 500;
/** Batches per chain per pass, so one pass always ends even while writers keep enqueueing. */
const MAX_BATCHES_PER_PASS = 200;

export type TSequenceOptions = { chain?: string; limit?: number };
export type TSequenceResult = { sequenced: number; byChain: Record<string, number> };

/** A PostgreSQL array literal of numbers, ISO timestamps or hex strings (none needs quoting). */
function pgArray(values: (number | string)[]): string {
  return `{${values.join(',')}}`;
}


/** Rows of a raw statement, on either driver (postgres.js: an array; PGlite: { rows }). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** The database clock (to the millisecond) and the occurred_at of the chain's newest event, as epoch milliseconds. */
async function timeFloorAndNow(tx: TTx, chain: string, seq: number): Promise<{ floor: number | null; now: number }> {
  const [row] = rowsOf<{ now: string; last: string | null }>(await tx.execute(sql`
    select floor(extract(epoch from clock_timestamp()) * 1000)::bigint::text as now,
      (select round(extract(epoch from occurred_at) * 1000)::bigint::text from audit_events where chain = ${chain} and seq = ${seq}) as last`));
  return { now: Number(row!.now), floor: row!.last === null ? null : Number(row!.last) };
}

/**
 * Links up to `limit` queued events of `chain` within `tx` and returns how many. Exported so
 * a caller (or a test) can run a batch inside a transaction of its own; it must be READ
 * COMMITTED (the default), so the queue is read after the head lock is granted and a batch
 * another sequencer committed meanwhile is no longer there.
 */
export async function sequenceChainBatch(tx: TTx, chain: string, limit = SEQUENCE_BATCH): Promise<number> {
  const head = await lockChainHead(tx, chain);
  const queued = await tx
    .select()
    .from(auditEventQueue)
    .where(eq(auditEventQueue.chain, chain))
    .orderBy(asc(auditEventQueue.occurredAt), asc(auditEventQueue.id))
    .limit(limit);
  if (queued.length === 0) return 0;
  // occurred_at stays non-decreasing along the chain (the invariant date-range queries use):
  // an event whose transaction committed after later events were already linked takes its
  // predecessor's time, never an earlier one; only such late commits move. A predecessor
  // time ahead of the database clock (a synchronous append from a server whose clock runs
  // fast) is not followed, so such a server cannot drag the times of later events forward:
  // right after it the times step back by that server's clock skew, as between any two
  // servers' synchronous appends.
  const clock = await timeFloorAndNow(tx, chain, head.seq);
  let floor = clock.floor !== null && clock.floor <= clock.now ? clock.floor : 0;
  const events: TUnlinkedAuditEvent[] = queued.map(({ id: _position, eventId, queuedAt: _queuedAt, occurredAt, ...fields }) => {
    const at = Math.max(occurredAt.getTime(), floor);
    floor = at;
    return { ...fields, id: eventId, occurredAt: new Date(at) };
  });
  const rows = chainAuditRows(head, events);
  // The stored row is the queued row (columns copied inside the database, so jsonb is not
  // re-encoded) plus the position computed here from exactly those values as read back.
  const arrays = {
    position: pgArray(queued.map((q) => q.id)),
    seq: pgArray(rows.map((r) => r.seq)),
    occurredAt: pgArray(rows.map((r) => r.occurredAt.toISOString())),
    prevHash: pgArray(rows.map((r) => r.prevHash)),
    hash: pgArray(rows.map((r) => r.hash)),
  };
  const inserted = await tx.execute(sql`
    insert into audit_events (id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, result, reason,
      ip, place, device, authenticator, request_id, session_id, data, before, after, prev_hash, hash)
    select q.event_id, q.chain, l.seq, l.occurred_at, q.actor_type, q.actor_id, q.action, q.target_type, q.target_id, q.result, q.reason,
      q.ip, q.place, q.device, q.authenticator, q.request_id, q.session_id, q.data, q.before, q.after, l.prev_hash, l.hash
    from unnest(${arrays.position}::bigint[], ${arrays.seq}::bigint[], ${arrays.occurredAt}::timestamptz[], ${arrays.prevHash}::text[], ${arrays.hash}::text[])
      as l(position, seq, occurred_at, prev_hash, hash)
    join audit_event_queue q on q.id = l.position and q.chain = ${chain}
    returning seq`);
  const taken = await tx.execute(sql`delete from audit_event_queue where id = any(${arrays.position}::bigint[]) returning id`);
  // Only a sequencer holding the head lock deletes; anything else means the rows were not ours.
  const [copied, removed] = [rowsOf(inserted).length, rowsOf(taken).length];
  if (copied !== queued.length || removed !== queued.length) {
    throw new Error(`audit queue of "${chain}" changed under the head lock (${copied} copied, ${removed} taken of ${queued.length})`);
  }
  await advanceChainHead(tx, head, rows.at(-1)!, new Date());
  return queued.length;
}

/** Chains with queued events (committed ones), read as a loose index scan: one probe per chain however long the queue. */
export async function listQueuedChains(db: TDb): Promise<string[]> {
  const rows = rowsOf<{ chain: string }>(await db.execute(sql`
    with recursive c(chain) as (
      select min(chain) from audit_event_queue
      union all
      select (select min(q.chain) from audit_event_queue q where q.chain > c.chain) from c where c.chain is not null
    )
    select chain from c where chain is not null`));
  return rows.map((r) => r.chain);
}

/**
 * Sequences the queue of `chain` (default: every chain with queued events) until it is empty
 * or the pass limit is reached. A chain that fails does not hold the others back: they are
 * sequenced, then the failure is thrown (its events stay queued and show in the backlog).
 */
export async function sequenceAuditQueue(db: TDb, opts: TSequenceOptions = {}): Promise<TSequenceResult> {
  const limit = opts.limit ?? SEQUENCE_BATCH;
  const chains = opts.chain ? [opts.chain] : await listQueuedChains(db);
  const byChain: Record<string, number> = {};
  const failures: unknown[] = [];
  let sequenced = 0;
  for (const chain of chains) {
    // Cheap check first, so an idle chain's head lock is never taken.
    if (opts.chain && (await db.select({ id: auditEventQueue.id }).from(auditEventQueue).where(eq(auditEventQueue.chain, chain)).limit(1)).length === 0) continue;
    let n = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
        const linked = await db.transaction((tx) => sequenceChainBatch(tx, chain, limit));
        n += linked;
        if (linked < limit) break;
      }
    } catch (err) {
      failures.push(err);
    }
    if (n > 0) byChain[chain] = n;
    sequenced += n;
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `audit sequencing failed on ${failures.length} chains`);
  return { sequenced, byChain };
}
