/**
 * One group-commit batch of ingest requests in ONE database transaction (ingest-batcher.ts
 * decides what goes in a batch): Idempotency-Key claims, customers, the history of every item
 * in one LATERAL query, scoring (pure lib/risk), one multi-row INSERT of the transactions,
 * alerts, one completion of the keys and the audit events through appendAuditEvents. Each item
 * gets what the single path (ingest-transaction.ts) would have answered. Expected refusals
 * (409, 422, replays) are answers, not errors; anything thrown rolls the whole batch back for
 * the batcher to rerun item by item.
 *
 * Round trips, not rows, are the cost here, so statements that do not depend on each other are
 * issued together (postgres.js pipelines them on the transaction's connection): claims, known
 * externalIds and stored customers in one go; inserts, key completion and the audit append in
 * another. Each event stays on the chain of its externalId (ingestAuditChain: the transaction
 * page reads it there); appendAuditEvents locks each chain of the batch once, in sorted order.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { transactions } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvents } from '@/lib/audit/append-audit-events';
import { alertOnRiskOutcome } from '@/lib/risk/alert-on-risk-outcome';
import { loadCustomerHistories } from './customer-histories';
import { claimBatchKeys, completeBatchKeys, releaseBatchKeys, type TIngestItem, type TIngestOutcome } from './ingest-batch-keys';
import { IngestBatchRace, selectStoredCustomers, upsertIngestCustomers, type TStoredCustomers } from './ingest-customers';
import { regionOfCountry } from './ingest-region';
import { KNOWN_EXTERNAL_IDS, runIngestStatement, type TIngestStatement } from './ingest-statements';
import { evaluateIngestRisk } from './ingest-risk';
import { ingestAuditEvent, ingestResponse, riskAlertInput, transactionRow, type TScoredIngest } from './ingest-rows';
import { conflictError } from './ingest-transaction';

type TOut = (TIngestOutcome | undefined)[];

/** By transactionRow's keys (always the same in a batch, so this holds one statement): the statement and the column names. */
const insertStatements = new Map<string, { statement: TIngestStatement; columns: string[] }>();

function insertTransactionsStatement(keys: string[]): { statement: TIngestStatement; columns: string[] } {
  const id = keys.join(',');
  let found = insertStatements.get(id);
  if (!found) {
    const columns = keys.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const list = columns.join(', ');
    const text = `insert into transactions (${list})
      select ${list} from jsonb_populate_recordset(null::transactions, $1::jsonb)
      on conflict (external_id) do nothing
      returning id`;
    found = { statement: { name: `ingest_insert_transactions_${insertStatements.size}`, text }, columns };
    insertStatements.set(id, found);
  }
  return found;
}

/**
 * One INSERT … ON CONFLICT (external_id) DO NOTHING of the batch's rows, sent as ONE jsonb
 * parameter of a prepared statement: building a ~30-column, many-row statement through the
 * query builder cost more CPU than everything else in the batch. Column names come from
 * transactionRow (our code). Returns how many rows were inserted.
 */
async function insertTransactionRows(tx: TTx, rows: (typeof transactions.$inferInsert)[]): Promise<number> {
  const keys = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[];
  const { statement, columns } = insertTransactionsStatement(keys);
  const json = rows.map((r) => {
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const v = r[k];
      out[columns[i]!] = typeof v === 'bigint' ? v.toString() : v;
    });
    return out;
  });
  return (await runIngestStatement(tx, statement, [JSON.stringify(json)])).length;
}

async function knownExternalIds(tx: TTx, items: TIngestItem[]): Promise<Set<string>> {
  const rows = await runIngestStatement<{ external_id: string }>(tx, KNOWN_EXTERNAL_IDS, [JSON.stringify(items.map((it) => it.input.externalId))]);
  return new Set(rows.map((r) => r.external_id));
}

async function scoreOwned(tx: TTx, work: TIngestItem[], stored: TStoredCustomers): Promise<TScoredIngest[]> {
  const regions = work.map((w) => regionOfCountry(w.input.merchant.country));
  const customerIds = await upsertIngestCustomers(tx, work.map((w, j) => ({ customer: w.input.customer, region: regions[j]! })), stored);
  const histories = await loadCustomerHistories(
    tx,
    work.map((w, j) => ({ customerId: customerIds[j]!, currency: w.input.currency, occurredAt: new Date(w.input.occurredAt), deviceFingerprint: w.input.device?.fingerprint, deviceId: w.input.device?.id })),
  );
  const scored: TScoredIngest[] = [];
  for (const [j, w] of work.entries()) {
    const risk = await evaluateIngestRisk(tx, w.input, histories[j]!);
    scored.push({ id: randomUUID(), input: w.input, customerId: customerIds[j]!, region: regions[j]!, risk });
  }
  return scored;
}

async function writeOwned(tx: TTx, work: TIngestItem[], scored: TScoredIngest[], released: TIngestItem[]): Promise<Record<string, unknown>[]> {
  const bodies = scored.map((s) => ingestResponse(s));
  const insert = async () => {
    const inserted = await insertTransactionRows(tx, scored.map((s, j) => transactionRow(s, work[j]!.tokenId)));
    // Another writer stored one of these externalIds since our check: rerun item by item for exact answers.
    if (inserted !== scored.length) throw new IngestBatchRace('an externalId of the batch was ingested concurrently');
  };
  const alerts = async () => {
    for (const s of scored) await alertOnRiskOutcome(tx, riskAlertInput(s));
  };
  await Promise.all([
    insert(),
    releaseBatchKeys(tx, released),
    completeBatchKeys(tx, work.map((item, j) => ({ item, body: bodies[j]! }))),
    alerts(),
    // Holds the chain-head locks from here to the commit.
    appendAuditEvents(tx, scored.map((s, j) => ingestAuditEvent(s, work[j]!.tokenId, work[j]!.meta))),
  ]);
  return bodies;
}

/** Runs a batch; one outcome per item, in order. Throws (nothing committed) on an unexpected failure. */
export async function runIngestBatch(db: TDb, items: TIngestItem[]): Promise<TIngestOutcome[]> {
  return db.transaction(async (tx) => {
    const out: TOut = new Array(items.length);
    const [claimed, known, stored] = await Promise.all([
      claimBatchKeys(tx, items, out),
      knownExternalIds(tx, items),
      selectStoredCustomers(tx, items.map((it) => it.input.customer.reference)),
    ]);
    // An externalId already stored: 409 before anything is written for it, its claim released (as on the single path).
    for (const i of claimed) if (known.has(items[i]!.input.externalId)) out[i] = { ok: false, error: conflictError(items[i]!.input.externalId) };
    const owners = claimed.filter((i) => !known.has(items[i]!.input.externalId));
    const released = claimed.filter((i) => known.has(items[i]!.input.externalId)).map((i) => items[i]!);
    if (owners.length === 0) await releaseBatchKeys(tx, released);
    else {
      const work = owners.map((i) => items[i]!);
      const bodies = await writeOwned(tx, work, await scoreOwned(tx, work, stored), released);
      owners.forEach((i, j) => (out[i] = { ok: true, status: 201, body: bodies[j]!, replayed: false }));
    }
    return out.map((o) => {
      if (!o) throw new Error('ingest batch left an item unanswered');
      return o;
    });
  });
}
