/**
 * What one ingested transaction writes, shared by the single-item path (ingest-transaction.ts)
 * and the group-commit batch (ingest-batch.ts), so both store the same row, answer with the
 * same body and append the same audit event.
 */
import 'server-only';
import { transactions } from '@/db/schema';
import type { TAuditEventInput } from '@/lib/audit/append-audit-event';
import type { TRequestMeta } from '@/lib/http/request-meta';
import type { TRiskAlertInput } from '@/lib/risk/alert-on-risk-outcome';
import type { TRiskOutcome } from './ingest-risk';
import type { TIngestResponse, TIngestTransaction } from './schemas';

/**
 * Ingest events live on their own audit chains, so the payment core's volume never queues
 * behind staff actions, and on several of them: every append locks its chain's head until
 * commit, so one chain would serialise all ingests behind one commit at a time. Each chain
 * is an ordinary, independently verifiable hash chain (`ingest-0` … `ingest-7`); a
 * transaction's event always lands on the same one (chosen by its external id), on the single
 * path and in a group-commit batch alike, and the transaction page reads it there.
 */
export const INGEST_AUDIT_CHAINS = 8;

export function ingestAuditChain(externalId: string): string {
  let h = 0;
  for (let i = 0; i < externalId.length; i++) h = (Math.imul(h, 31) + externalId.charCodeAt(i)) | 0;
  return `ingest-${Math.abs(h) % INGEST_AUDIT_CHAINS}`;
}

const STATUS_FOR: Record<TRiskOutcome['decision'], 'released' | 'frozen' | 'declined'> = {
  allow: 'released',
  review: 'frozen',
  decline: 'declined',
};

export type TScoredIngest = { id: string; input: TIngestTransaction; customerId: string; region: string; risk: TRiskOutcome };

export function transactionRow(s: TScoredIngest, tokenId: string, receivedAt?: Date): typeof transactions.$inferInsert {
  const { input, risk } = s;
  return {
    id: s.id,
    externalId: input.externalId,
    customerId: s.customerId,
    amountMinor: BigInt(input.amountMinor),
    currency: input.currency,
    occurredAt: new Date(input.occurredAt),
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
    status: STATUS_FOR[risk.decision],
    region: s.region,
    ingestedByTokenId: tokenId,
    ...(receivedAt ? { receivedAt } : {}),
  };
}

export function ingestResponse(s: TScoredIngest): TIngestResponse {
  return {
    id: s.id,
    externalId: s.input.externalId,
    decision: s.risk.decision,
    status: STATUS_FOR[s.risk.decision],
    score: s.risk.score,
    level: s.risk.level,
    factors: s.risk.factors.map((f) => ({ code: f.code, weight: f.weight })),
    ruleSetVersion: s.risk.ruleSetVersion,
  };
}

/** Declined high-risk or frozen high-value: compliance officers hear at once (lib/risk alertOnRiskOutcome). */
export function riskAlertInput(s: TScoredIngest): TRiskAlertInput {
  const { input } = s;
  return {
    transaction: { id: s.id, externalId: input.externalId, amountMinor: BigInt(input.amountMinor), currency: input.currency, merchantName: input.merchant.name },
    result: s.risk,
    ruleSet: s.risk.ruleSet,
  };
}

export function ingestAuditEvent(s: TScoredIngest, tokenId: string, meta: TRequestMeta): TAuditEventInput {
  const { risk } = s;
  return {
    chain: ingestAuditChain(s.input.externalId),
    action: 'transaction.ingested',
    actor: { type: 'service', id: tokenId },
    target: { type: 'transaction', id: s.id },
    result: 'success',
    meta: { requestId: meta.requestId, ip: meta.ip, userAgent: meta.userAgent },
    data: {
      externalId: s.input.externalId,
      decision: risk.decision,
      status: STATUS_FOR[risk.decision],
      score: risk.score,
      level: risk.level,
      factorCodes: risk.factors.map((f) => f.code),
      ruleSetVersion: risk.ruleSetVersion,
    },
  };
}
