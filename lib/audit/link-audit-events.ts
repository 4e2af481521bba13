/**
 * linkAuditEvents: the linking step shared by the batch writers (appendAuditEvents and the
 * queue sequencer). Given a chain head already locked by the transaction, it gives the events
 * consecutive seqs in the order given, links and hashes them (hash-audit-event.ts), inserts
 * them in multi-row statements, moves the head once and signs a checkpoint when one is due.
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

/**
 * Appends `events` (all of `head.chain`, in order) after `head`, which `tx` must hold locked
 * (lockChainHead). `now` is the checkpoint time. Returns the stored rows.
 */
export async function linkAuditEvents(tx: TTx, head: TChainHead, events: TUnlinkedAuditEvent[], now: Date): Promise<TAuditEventRow[]> {
  if (events.length === 0) return [];
  let prev = { seq: head.seq, hash: head.hash };
  const rows = events.map((event) => {
    if (event.chain !== head.chain) throw new Error(`audit event for chain "${event.chain}" linked under the head of "${head.chain}"`);
    const row: TAuditEventRow = { ...event, seq: prev.seq + 1, prevHash: prev.hash, hash: '' };
    row.hash = computeAuditHash(row);
    prev = { seq: row.seq, hash: row.hash };
    return row;
  });
  for (let at = 0; at < rows.length; at += INSERT_CHUNK) await tx.insert(auditEvents).values(rows.slice(at, at + INSERT_CHUNK));
  await tx.update(auditChainHeads).set({ seq: prev.seq, hash: prev.hash }).where(eq(auditChainHeads.chain, head.chain));
  const { auditCheckpointEvery: every, auditCheckpointMinutes: minutes } = env();
  if (isCheckpointDue({ ...head, seq: prev.seq }, now, { every, minutes })) {
    await writeCheckpoint(tx, { chain: head.chain, seq: prev.seq, hash: prev.hash }, now);
  }
  return rows;
}
