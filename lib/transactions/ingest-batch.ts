/**
 * One group-commit batch of ingest requests in ONE database transaction (ingest-batcher.ts
 * decides what goes in a batch): Idempotency-Key claims, customers, the history of every item
 * in one LATERAL query, scoring (pure lib/risk), one multi-row INSERT of the transactions,
 * alerts, one completion of the keys and the audit events through appendAuditEvents (one head
 * lock, INSERT and head update per chain). Each item gets what the single path
 * (ingest-transaction.ts) would have answered. Expected refusals (409, 422, replays) are
 * answers, not errors; anything thrown rolls the whole batch back for the batcher to rerun
 * item by item.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvents } from '@/lib/audit/append-audit-events';
import { alertOnRiskOutcome } from '@/lib/risk/alert-on-risk-outcome';
import { loadCustomerHistories } from './customer-histories';
import { claimBatchKeys, completeBatchKeys, releaseBatchKeys, type TIngestItem, type TIngestOutcome } from './ingest-batch-keys';
import { IngestBatchRace, upsertIngestCustomers } from './ingest-customers';
import { regionOfCountry } from './ingest-region';
import { evaluateIngestRisk } from './ingest-risk';
import { ingestAuditEvent, ingestResponse, riskAlertInput, transactionRow, type TScoredIngest } from './ingest-rows';
import { conflictError } from './ingest-transaction';

/** Items whose externalId is already stored get 409 before anything is written for them (as on the single path). */
async function splitKnownExternalIds(tx: TTx, items: TIngestItem[], owners: number[], out: (TIngestOutcome | undefined)[]): Promise<number[]> {
  const ids = owners.map((i) => items[i]!.input.externalId);
  const known = new Set((await tx.select({ e: transactions.externalId }).from(transactions).where(inArray(transactions.externalId, ids))).map((r) => r.e));
  for (const i of owners) if (known.has(items[i]!.input.externalId)) out[i] = { ok: false, error: conflictError(items[i]!.input.externalId) };
  return owners.filter((i) => !known.has(items[i]!.input.externalId));
}

async function ingestOwned(tx: TTx, items: TIngestItem[], owners: number[], out: (TIngestOutcome | undefined)[]): Promise<void> {
  const work = owners.map((i) => items[i]!);
  const regions = work.map((w) => regionOfCountry(w.input.merchant.country));
  const customerIds = await upsertIngestCustomers(tx, work.map((w, j) => ({ customer: w.input.customer, region: regions[j]! })));
  const histories = await loadCustomerHistories(
    tx,
    work.map((w, j) => ({ customerId: customerIds[j]!, currency: w.input.currency, occurredAt: new Date(w.input.occurredAt), deviceFingerprint: w.input.device?.fingerprint, deviceId: w.input.device?.id })),
  );
  const scored: TScoredIngest[] = [];
  for (const [j, w] of work.entries()) {
    const risk = await evaluateIngestRisk(tx, w.input, histories[j]!);
    scored.push({ id: randomUUID(), input: w.input, customerId: customerIds[j]!, region: regions[j]!, risk });
  }
  const inserted = await tx
    .insert(transactions)
    .values(scored.map((s, j) => transactionRow(s, work[j]!.tokenId)))
    .onConflictDoNothing({ target: transactions.externalId })
    .returning({ id: transactions.id });
  // Another writer stored one of these externalIds since our check: rerun item by item for exact answers.
  if (inserted.length !== scored.length) throw new IngestBatchRace('an externalId of the batch was ingested concurrently');

  for (const s of scored) await alertOnRiskOutcome(tx, riskAlertInput(s));
  const bodies = scored.map((s) => ingestResponse(s));
  await completeBatchKeys(tx, work.map((item, j) => ({ item, body: bodies[j]! })));
  // Last statements before commit: the chain-head locks are held only for the appends and the commit.
  await appendAuditEvents(tx, scored.map((s, j) => ingestAuditEvent(s, work[j]!.tokenId, work[j]!.meta)));
  owners.forEach((i, j) => (out[i] = { ok: true, status: 201, body: bodies[j]!, replayed: false }));
}

/** Runs a batch; one outcome per item, in order. Throws (nothing committed) on an unexpected failure. */
export async function runIngestBatch(db: TDb, items: TIngestItem[]): Promise<TIngestOutcome[]> {
  return db.transaction(async (tx) => {
    const out: (TIngestOutcome | undefined)[] = new Array(items.length);
    const claimed = await claimBatchKeys(tx, items, out);
    const owners = claimed.length > 0 ? await splitKnownExternalIds(tx, items, claimed, out) : [];
    await releaseBatchKeys(tx, claimed.filter((i) => !owners.includes(i)).map((i) => items[i]!));
    if (owners.length > 0) await ingestOwned(tx, items, owners, out);
    return out.map((o) => {
      if (!o) throw new Error('ingest batch left an item unanswered');
      return o;
    });
  });
}
