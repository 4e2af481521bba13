/**
 * appendAuditEvents: the batch form of appendAuditEvent for high-volume writers (the ingest
 * batcher writes one event per transaction of a batch). Within the caller's transaction it
 * locks each chain head once (chains in sorted order, so two batches never deadlock; all in
 * one statement once every head exists), links
 * each chain's events in input order, inserts the events of all chains in one statement, then
 * moves every head with one UPDATE and checkpoints when due. Same rows, hashes and guarantees as calling appendAuditEvent for each
 * event in turn; far fewer round trips while the head lock is held.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { prepareAuditFields, type TAppendedAuditEvent, type TAuditEventInput, type TPreparedAuditFields } from './append-audit-event';
import { advanceChainHeads, chainAuditRows, insertAuditRows } from './link-audit-events';
import type { TAuditEventRow } from './hash-audit-event';
import { lockChainHead, lockChainHeads, type TChainHead } from './lock-chain-head';

/** Appends `events` within `tx`; the result is in input order. Throws (rolling the caller back) when any event is invalid. */
export async function appendAuditEvents(tx: TTx, events: TAuditEventInput[]): Promise<TAppendedAuditEvent[]> {
  const prepared = await Promise.all(events.map((event) => prepareAuditFields(event)));
  const byChain = new Map<string, number[]>();
  prepared.forEach((fields, i) => {
    const indexes = byChain.get(fields.chain);
    if (indexes) indexes.push(i);
    else byChain.set(fields.chain, [i]);
  });

  const out: TAppendedAuditEvent[] = new Array(events.length);
  const linked: { head: TChainHead; rows: TAuditEventRow[]; occurredAt: Date }[] = [];
  const chains = [...byChain.keys()].sort();
  // One statement when every head exists (the steady state); chain by chain, creating heads, otherwise. Same lock order either way.
  const heads = await lockChainHeads(tx, chains);
  for (const chain of chains) {
    const indexes = byChain.get(chain)!;
    const head = heads?.get(chain) ?? (await lockChainHead(tx, chain));
    // Taken under the lock so that, on one clock, occurred_at follows seq order.
    const occurredAt = new Date();
    const rows = chainAuditRows(head, indexes.map((i) => ({ ...(prepared[i] as TPreparedAuditFields), occurredAt })));
    rows.forEach((row, k) => (out[indexes[k]!] = { id: row.id, seq: row.seq, hash: row.hash }));
    linked.push({ head, rows, occurredAt });
  }
  // Every head is locked by now: the rows of all chains go in together, then the heads move together.
  await insertAuditRows(tx, linked.flatMap((l) => l.rows));
  await advanceChainHeads(tx, linked.map((l) => ({ head: l.head, last: l.rows.at(-1)!, now: l.occurredAt })));
  return out;
}
