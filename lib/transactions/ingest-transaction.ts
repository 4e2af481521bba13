/**
 * The ingest use case for one transaction: one database transaction that finds/creates the
 * customer (PII encrypted), loads the customer's history, scores the transaction with the
 * active risk rule set, stores it with its factors (frozen for review, declined for decline),
 * writes the `transaction.ingested` audit event and lets the caller complete its
 * Idempotency-Key, so all of it commits or none of it does. The body has already passed the
 * PAN guard and zod. The HTTP path normally goes through the group-commit batcher
 * (ingest-batcher.ts), which falls back to this function item by item; the demo seed calls it directly.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { transactions } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { alertOnRiskOutcome } from '@/lib/risk/alert-on-risk-outcome';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { loadCustomerHistory } from './customer-history';
import { upsertIngestCustomer } from './ingest-customer';
import { regionOfCountry } from './ingest-region';
import { evaluateIngestRisk } from './ingest-risk';
import { ingestAuditEvent, ingestResponse, riskAlertInput, transactionRow, type TScoredIngest } from './ingest-rows';
import type { TIngestResponse, TIngestTransaction } from './schemas';

export { INGEST_AUDIT_CHAINS, ingestAuditChain } from './ingest-rows';

export type TIngestContext = {
  tokenId: string;
  meta: TRequestMeta;
  /** Demo seed only (replaying history): when the transaction was received. The HTTP path never sets it. */
  receivedAt?: Date;
  /** Runs inside the transaction after the insert (the HTTP layer completes its Idempotency-Key here). */
  beforeCommit?: (tx: TTx, response: TIngestResponse) => Promise<void>;
};

export function conflictError(externalId: string): AppError {
  return new AppError('CONFLICT', `A transaction with externalId ${externalId} was already ingested.`);
}

export async function ingestTransaction(db: TDb, input: TIngestTransaction, ctx: TIngestContext): Promise<TIngestResponse> {
  return db.transaction(async (tx) => {
    const region = regionOfCountry(input.merchant.country);
    const customer = await upsertIngestCustomer(tx, input.customer, region);
    const history = await loadCustomerHistory(tx, {
      customerId: customer.id,
      currency: input.currency,
      occurredAt: new Date(input.occurredAt),
      deviceFingerprint: input.device?.fingerprint,
      deviceId: input.device?.id,
    });
    const risk = await evaluateIngestRisk(tx, input, history);
    const scored: TScoredIngest = { id: randomUUID(), input, customerId: customer.id, region, risk };
    const inserted = await tx
      .insert(transactions)
      .values(transactionRow(scored, ctx.tokenId, ctx.receivedAt))
      .onConflictDoNothing({ target: transactions.externalId })
      .returning({ id: transactions.id });
    if (inserted.length === 0) throw conflictError(input.externalId);

    const response = ingestResponse(scored);
    // Declined high-risk or frozen high-value: compliance officers hear at once (notification + outbox), same transaction.
    await alertOnRiskOutcome(tx, riskAlertInput(scored));
    await ctx.beforeCommit?.(tx, response);
    // Last statement before commit: the chain-head lock it takes is held only for the append and the commit.
    await appendAuditEvent(tx, ingestAuditEvent(scored, ctx.tokenId, ctx.meta));
    return response;
  });
}
