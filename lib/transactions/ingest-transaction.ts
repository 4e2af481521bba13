/**
 * The ingest use case: one database transaction that finds/creates the customer (PII
 * encrypted), loads the customer's history, scores the transaction with the active risk
 * rule set, stores it with its factors (frozen for review, declined for decline), writes the
 * `transaction.ingested` audit event and lets the caller complete its Idempotency-Key, so
 * all of it commits or none of it does. The body has already passed the PAN guard and zod.
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
import { evaluateIngestRisk, type TRiskOutcome } from './ingest-risk';
import type { TIngestResponse, TIngestTransaction } from './schemas';

/**
 * Ingest events live on their own audit chains, so the payment core's volume never queues
 * behind staff actions, and on several of them: every append locks its chain's head until
 * commit, so one chain would serialise all ingests behind one commit at a time. Each chain
 * is an ordinary, independently verifiable hash chain (`ingest-0` … `ingest-7`); a
 * transaction's event always lands on the same one (chosen by its external id).
 */
export const INGEST_AUDIT_CHAINS = 8;

export function ingestAuditChain(externalId: string): string {
  let h = 0;
  for (let i = 0; i < externalId.length; i++) h = (Math.imul(h, 31) + externalId.charCodeAt(i)) | 0;
  return `ingest-${Math.abs(h) % INGEST_AUDIT_CHAINS}`;
}

export type TIngestContext = {
  tokenId: string;
  meta: TRequestMeta;
  /** Demo seed only (replaying history): when the transaction was received. The HTTP path never sets it. */
  receivedAt?: Date;
  /** Runs inside the transaction after the insert (the HTTP layer completes its Idempotency-Key here). */
  beforeCommit?: (tx: TTx, response: TIngestResponse) => Promise<void>;
};

const STATUS_FOR: Record<TRiskOutcome['decision'], 'released' | 'frozen' | 'declined'> = {
  allow: 'released',
  review: 'frozen',
  decline: 'declined',
};

export async function ingestTransaction(db: TDb, input: TIngestTransaction, ctx: TIngestContext): Promise<TIngestResponse> {
  return db.transaction(async (tx) => {
    const region = regionOfCountry(input.merchant.country);
    const customer = await upsertIngestCustomer(tx, input.customer, region);
    const occurredAt = new Date(input.occurredAt);
    const history = await loadCustomerHistory(tx, {
      customerId: customer.id,
      currency: input.currency,
      occurredAt,
      deviceFingerprint: input.device?.fingerprint,
      deviceId: input.device?.id,
    });
    const risk = await evaluateIngestRisk(tx, input, history);
    const status = STATUS_FOR[risk.decision];
    const id = randomUUID();
    const inserted = await tx
      .insert(transactions)
      .values({
        id,
        externalId: input.externalId,
        customerId: customer.id,
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        occurredAt,
        merchantName: input.merchant.name,
        merchantCategoryCode: input.merchant.categoryCode,
        merchantCountry: input.merchant.country,
        paymentToken: input.paymentMethod.token,
        cardBin: input.paymentMethod.bin,
        cardLast4: input.paymentMethod.last4,
        cardBrand: input.paymentMethod.brand,
        cardExpiryMonth: input.paymentMethod.expiryMonth,
        cardExpiryYear: input.paymentMethod.expiryYear,
        channel: input.channel,
        deviceId: input.device?.id ?? null,
        deviceFingerprint: input.device?.fingerprint ?? null,
        ip: input.device?.ip ?? null,
        userAgent: input.device?.userAgent ?? null,
        geoCountry: input.geolocation?.country ?? null,
        geoLat: input.geolocation?.lat ?? null,
        geoLon: input.geolocation?.lon ?? null,
        riskScore: risk.score,
        riskLevel: risk.level,
        decision: risk.decision,
        factors: risk.factors,
        ruleSetVersion: risk.ruleSetVersion,
        status,
        region,
        ingestedByTokenId: ctx.tokenId,
        ...(ctx.receivedAt ? { receivedAt: ctx.receivedAt } : {}),
      })
      .onConflictDoNothing({ target: transactions.externalId })
      .returning({ id: transactions.id });
    if (inserted.length === 0) throw new AppError('CONFLICT', `A transaction with externalId ${input.externalId} was already ingested.`);

    const response: TIngestResponse = {
      id,
      externalId: input.externalId,
      decision: risk.decision,
      status,
      score: risk.score,
      level: risk.level,
      factors: risk.factors.map((f) => ({ code: f.code, weight: f.weight })),
      ruleSetVersion: risk.ruleSetVersion,
    };
    // Declined high-risk or frozen high-value: compliance officers hear at once (notification + outbox), same transaction.
    await alertOnRiskOutcome(tx, {
      transaction: { id, externalId: input.externalId, amountMinor: BigInt(input.amountMinor), currency: input.currency, merchantName: input.merchant.name },
      result: risk,
      ruleSet: risk.ruleSet,
    });
    await ctx.beforeCommit?.(tx, response);
    // Last statement before commit: the chain-head lock it takes is held only for the append and the commit.
    await appendAuditEvent(tx, {
      chain: ingestAuditChain(input.externalId),
      action: 'transaction.ingested',
      actor: { type: 'service', id: ctx.tokenId },
      target: { type: 'transaction', id },
      result: 'success',
      meta: { requestId: ctx.meta.requestId, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent },
      data: {
        externalId: input.externalId,
        decision: risk.decision,
        status,
        score: risk.score,
        level: risk.level,
        factorCodes: risk.factors.map((f) => f.code),
        ruleSetVersion: risk.ruleSetVersion,
      },
    });
    return response;
  });
}
