/**
 * appendAuditEvents: the batch form of appendAuditEvent for high-volume writers (the ingest
 * batcher writes one event per transaction of a batch). Within the caller's transaction it
 * locks each chain head once (chains in sorted order, so two batches never deadlock), links
 * the chain's events in input order, inserts them in one statement, moves the head once and
 * checkpoints when due. Same rows, hashes and guarantees as calling appendAuditEvent for each
 * event in turn; far fewer round trips while the head lock is held.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { auditChainHeads, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { env } from '@/lib/env';
import { prepareAuditFields, type TAppendedAuditEvent, type TAuditEventInput, type TPreparedAuditFields } from './append-audit-event';
import { isCheckpointDue, writeCheckpoint } from './create-checkpoint';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import { lockChainHead } from './lock-chain-head';

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; an event row has 21). */
const INSERT_CHUNK = 1_000;

/** Appends `events` within `tx`; the result is in input order. Throws (rolling the caller back) when any event is invalid. */
export async function appendAuditEvents(tx: TTx, events: TAuditEventInput[]): Promise<TAppendedAuditEvent[]> {
  const prepared = await Promise.all(events.map((event) => prepareAuditFields(event)));
  const byChain = new Map<string, number[]>();
  prepared.forEach((fields, i) => byChain.set(fields.chain, [...(byChain.get(fields.chain) ?? []), i]));

  const out: TAppendedAuditEvent[] = new Array(events.length);
  const { auditCheckpointEvery: every, auditCheckpointMinutes: minutes } = env();
  for (const chain of [...byChain.keys()].sort()) {
    const indexes = byChain.get(chain)!;
    const head = await lockChainHead(tx, chain);
    // Taken under the lock so that, on one clock, occurred_at follows seq order.
    const occurredAt = new Date();
    let prev = { seq: head.seq, hash: head.hash };
    const rows = indexes.map((i) => {
      const row: TAuditEventRow = { ...(prepared[i] as TPreparedAuditFields), seq: prev.seq + 1, occurredAt, prevHash: prev.hash, hash: '' };
      row.hash = computeAuditHash(row);
      prev = { seq: row.seq, hash: row.hash };
      out[i] = { id: row.id, seq: row.seq, hash: row.hash };
      return row;
    });
    for (let at = 0; at < rows.length; at += INSERT_CHUNK) await tx.insert(auditEvents).values(rows.slice(at, at + INSERT_CHUNK));
    await tx.update(auditChainHeads).set({ seq: prev.seq, hash: prev.hash }).where(eq(auditChainHeads.chain, chain));
    if (isCheckpointDue({ ...head, seq: prev.seq }, occurredAt, { every, minutes })) {
      await writeCheckpoint(tx, { chain, seq: prev.seq, hash: prev.hash }, occurredAt);
    }
  }
  return out;
}
