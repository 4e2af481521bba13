/**
 * Linking shared by the batch writers (appendAuditEvents and the queue sequencer). Given a
 * chain head already locked by the transaction, chainAuditRows gives events consecutive seqs
 * in the order given and links and hashes them (hash-audit-event.ts); after the caller has
 * stored the rows, advanceChainHead moves the head once and signs a checkpoint when due.
 * linkAuditEvents does all three with multi-row INSERTs.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { auditChainHeads, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { env } from '@/lib/env';
import type { TPreparedAuditFields } from './append-audit-event';
import { isCheckpointDue, writeCheckpoint } from './create-checkpoint';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import type { TChainHead } from './lock-chain-head';

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; an event row has 21). */
const INSERT_CHUNK = 1_000;

export type TUnlinkedAuditEvent = TPreparedAuditFields & { occurredAt: Date };

/** The rows `events` (all of `head.chain`, in order) become after `head`: seq, prev_hash and hash set. */
export function chainAuditRows(head: TChainHead, events: TUnlinkedAuditEvent[]): TAuditEventRow[] {
  let prev = { seq: head.seq, hash: head.hash };
  return events.map((event) => {
    if (event.chain !== head.chain) throw new Error(`audit event for chain "${event.chain}" linked under the head of "${head.chain}"`);
    const row: TAuditEventRow = { ...event, seq: prev.seq + 1, prevHash: prev.hash, hash: '' };
    row.hash = computeAuditHash(row);
    prev = { seq: row.seq, hash: row.hash };
    return row;
  });
}

/** Moves the locked `head` to `last` (the newest stored row) and checkpoints when due; `now` is the checkpoint time. */
export async function advanceChainHead(tx: TTx, head: TChainHead, last: Pick<TAuditEventRow, 'seq' | 'hash'>, now: Date): Promise<void> {
  await tx.update(auditChainHeads).set({ seq: last.seq, hash: last.hash }).where(eq(auditChainHeads.chain, head.chain));
  const { auditCheckpointEvery: every, auditCheckpointMinutes: minutes } = env();
  if (isCheckpointDue({ ...head, seq: last.seq }, now, { every, minutes })) {
    await writeCheckpoint(tx, { chain: head.chain, seq: last.seq, hash: last.hash }, now);
  }
}

/**
 * Appends `events` (all of `head.chain`, in order) after `head`, which `tx` must hold locked
 * (lockChainHead). `now` is the checkpoint time. Returns the stored rows.
 */
export async function linkAuditEvents(tx: TTx, head: TChainHead, events: TUnlinkedAuditEvent[], now: Date): Promise<TAuditEventRow[]> {
  if (events.length === 0) return [];
  const rows = chainAuditRows(head, events);
  for (let at = 0; at < rows.length; at += INSERT_CHUNK) await tx.insert(auditEvents).values(rows.slice(at, at + INSERT_CHUNK));
  await advanceChainHead(tx, head, rows.at(-1)!, now);
  return rows;
}
