/**
 * The audit queue sequencer: moves committed events from audit_event_queue into their hash
 * chain. Per batch, in one transaction: lock the chain head (the same mutex appendAuditEvent
 * takes, so sequencers on several instances and synchronous appends of one chain serialise),
 * read the chain's queued rows in (occurred_at, id) order, link them exactly as
 * appendAuditEvent would (linkAuditEvents), delete them from the queue, move the head and
 * checkpoint when due. Insert and delete commit together or not at all, so a crash loses,
 * duplicates or reorders nothing: the rows simply stay queued for the next pass.
 */
import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditEventQueue, auditEvents } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { linkAuditEvents, type TUnlinkedAuditEvent } from './link-audit-events';
import { lockChainHead } from './lock-chain-head';

/** Events per transaction: bounds how long the head lock is held (synchronous appends wait for it). */
export const SEQUENCE_BATCH = 500;
/** Batches per chain per pass, so one pass always ends even while writers keep enqueueing. */
const MAX_BATCHES_PER_PASS = 200;

export type TSequenceOptions = { chain?: string; limit?: number };
export type TSequenceResult = { sequenced: number; byChain: Record<string, number> };

async function lastOccurredAt(tx: TTx, chain: string, seq: number): Promise<Date | null> {
  if (seq === 0) return null;
  const [row] = await tx.select({ at: auditEvents.occurredAt }).from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq)));
  return row?.at ?? null;
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
  // predecessor's time, never an earlier one. Only such late commits move.
  let floor = await lastOccurredAt(tx, chain, head.seq);
  const events: TUnlinkedAuditEvent[] = queued.map(({ id: _position, eventId, queuedAt: _queuedAt, occurredAt, ...fields }) => {
    const at = floor && occurredAt < floor ? floor : occurredAt;
    floor = at;
    return { ...fields, id: eventId, occurredAt: at };
  });
  await linkAuditEvents(tx, head, events, new Date());
  const taken = await tx
    .delete(auditEventQueue)
    .where(inArray(auditEventQueue.id, queued.map((q) => q.id)))
    .returning({ id: auditEventQueue.id });
  // Only a sequencer holding the head lock deletes; anything else means the rows were not ours.
  if (taken.length !== queued.length) throw new Error(`audit queue of "${chain}" changed under the head lock (${taken.length} of ${queued.length} rows taken)`);
  return queued.length;
}

/** Chains with queued events (committed ones, as this statement sees them). */
export async function listQueuedChains(db: TDb): Promise<string[]> {
  const rows = await db.selectDistinct({ chain: auditEventQueue.chain }).from(auditEventQueue).orderBy(asc(auditEventQueue.chain));
  return rows.map((r) => r.chain);
}

/** Sequences the queue of `chain` (default: every chain with queued events) until it is empty or the pass limit is reached. */
export async function sequenceAuditQueue(db: TDb, opts: TSequenceOptions = {}): Promise<TSequenceResult> {
  const limit = opts.limit ?? SEQUENCE_BATCH;
  const chains = opts.chain ? [opts.chain] : await listQueuedChains(db);
  const byChain: Record<string, number> = {};
  let sequenced = 0;
  for (const chain of chains) {
    // Cheap check first, so an idle chain's head lock is never taken.
    if (opts.chain && (await db.select({ id: auditEventQueue.id }).from(auditEventQueue).where(eq(auditEventQueue.chain, chain)).limit(1)).length === 0) continue;
    let n = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      const linked = await db.transaction((tx) => sequenceChainBatch(tx, chain, limit));
      n += linked;
      if (linked < limit) break;
    }
    if (n > 0) byChain[chain] = n;
    sequenced += n;
  }
  return { sequenced, byChain };
}
