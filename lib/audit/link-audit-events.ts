/**
 * Linking shared by the batch writers (appendAuditEvents and the queue sequencer). Given a
 * chain head already locked by the transaction, chainAuditRows gives events consecutive seqs
 * in the order given and links and hashes them (hash-audit-event.ts); after the caller has
 * stored the rows, advanceChainHead(s) moves each head once and signs a checkpoint when due.
 * insertAuditRows stores linked rows of any chains in one INSERT; linkAuditEvents does all three.
 */
import 'server-only';
import { getTableColumns } from 'drizzle-orm';
import { runPrepared, type TPreparedStatement } from '@/db/prepared-statement';
import { auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { env } from '@/lib/env';
import type { TPreparedAuditFields } from './append-audit-event';
import { isCheckpointDue, writeCheckpoint } from './create-checkpoint';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import type { TChainHead } from './lock-chain-head';

/** Every audit_events column: [row property, SQL name] (snake_case, as the schema's casing maps them). */
const AUDIT_COLUMNS = Object.keys(getTableColumns(auditEvents)).map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
const AUDIT_COLUMN_LIST = AUDIT_COLUMNS.map(([, name]) => name).join(', ');

/** Linked rows of any chains, as one jsonb array (a named prepared statement: db/prepared-statement.ts). */
const INSERT_AUDIT_ROWS: TPreparedStatement = {
  name: 'audit_insert_rows',
  text: `insert into audit_events (${AUDIT_COLUMN_LIST})
    select ${AUDIT_COLUMN_LIST} from jsonb_populate_recordset(null::audit_events, $1::jsonb)`,
};

/** Each head's new seq and hash, as one jsonb array of { chain, seq, hash }. */
const ADVANCE_HEADS: TPreparedStatement = {
  name: 'audit_advance_heads',
  text: `update audit_chain_heads h set seq = m.seq, hash = m.hash
    from jsonb_to_recordset($1::jsonb) as m(chain text, seq bigint, hash text)
    where h.chain = m.chain`,
};

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

/**
 * Stores linked `rows` (any chains) with ONE statement whose only parameter is the rows as jsonb:
 * building a 21-column multi-row INSERT through the query builder was the largest CPU cost of a
 * batch append. Every column is listed, so stored values are those the hash was computed over
 * (a JSON null becomes SQL NULL, as the builder sends it; dates travel as ISO strings, ms exact).
 */
export async function insertAuditRows(tx: TTx, rows: TAuditEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((row) => Object.fromEntries(AUDIT_COLUMNS.map(([key, name]) => [name, row[key as keyof TAuditEventRow] ?? null])));
  await runPrepared(tx, INSERT_AUDIT_ROWS, [JSON.stringify(json)]);
}

/** Moves the locked `head` to `last` (the newest stored row) and checkpoints when due; `now` is the checkpoint time. */
export async function advanceChainHead(tx: TTx, head: TChainHead, last: Pick<TAuditEventRow, 'seq' | 'hash'>, now: Date): Promise<void> {
  await advanceChainHeads(tx, [{ head, last, now }]);
}

/**
 * advanceChainHead for several locked heads at once (each with its own checkpoint time): ONE
 * UPDATE (the new seqs and hashes as a jsonb parameter) instead of one per chain, then the
 * checkpoints that are due.
 */
export async function advanceChainHeads(tx: TTx, moves: { head: TChainHead; last: Pick<TAuditEventRow, 'seq' | 'hash'>; now: Date }[]): Promise<void> {
  if (moves.length === 0) return;
  const json = JSON.stringify(moves.map(({ head, last }) => ({ chain: head.chain, seq: last.seq, hash: last.hash })));
  await runPrepared(tx, ADVANCE_HEADS, [json]);
  const { auditCheckpointEvery: every, auditCheckpointMinutes: minutes } = env();
  const due = moves.filter(({ head, last, now }) => isCheckpointDue({ ...head, seq: last.seq }, now, { every, minutes }));
  await Promise.all(due.map(({ head, last, now }) => writeCheckpoint(tx, { chain: head.chain, seq: last.seq, hash: last.hash }, now)));
}

/**
 * Appends `events` (all of `head.chain`, in order) after `head`, which `tx` must hold locked
 * (lockChainHead). `now` is the checkpoint time. Returns the stored rows.
 */
export async function linkAuditEvents(tx: TTx, head: TChainHead, events: TUnlinkedAuditEvent[], now: Date): Promise<TAuditEventRow[]> {
  if (events.length === 0) return [];
  const rows = chainAuditRows(head, events);
  await insertAuditRows(tx, rows);
  await advanceChainHead(tx, head, rows.at(-1)!, now);
  return rows;
}
