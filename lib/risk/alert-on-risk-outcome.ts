/**
 * Alerts at ingest, in the ingest transaction: a declined high-risk payment, or a high-value
 * payment frozen for review, notifies the compliance officers at once (notification centre,
 * role audience) and enqueues one outbox message for external alerting. Titles carry no PII:
 * amount, merchant and the reference only.
 */
import 'server-only';
import { notifications } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { enqueueOutboxMessage } from '@/lib/outbox/enqueue-outbox-message';
import { formatMinor } from './explain-format';
import { highAmountMinor } from './factors/amount-factors';
import { getActiveRiskRuleSet } from './rule-sets/get-active-risk-rule-set';
import type { TRiskRuleSet } from './rule-set-schema';
import type { TRiskDecision } from './types';

/** The role whose holders handle risk alerts (lib/permissions/built-in-roles.ts). */
export const RISK_ALERT_AUDIENCE = 'compliance-officer';

export type TRiskAlertKind = 'risk.declined_high_risk' | 'risk.frozen_high_value';

export type TRiskAlertInput = {
  transaction: { id: string; externalId: string; amountMinor: bigint | number; currency: string; merchantName?: string | null };
  result: { score: number; level: string; decision: TRiskDecision; factors: { code: string }[]; ruleSetVersion?: string };
  /** The rule set that scored it (its high-amount limits define "high value"); default: the active one. */
  ruleSet?: TRiskRuleSet;
};

export function riskAlertKind(input: TRiskAlertInput, ruleSet: TRiskRuleSet): TRiskAlertKind | null {
  const { transaction: t, result: r } = input;
  if (r.decision === 'decline' && (r.level === 'high' || r.level === 'critical')) return 'risk.declined_high_risk';
  const limit = highAmountMinor(ruleSet, t.currency);
  if (r.decision === 'review' && limit !== null && BigInt(t.amountMinor) >= limit) return 'risk.frozen_high_value';
  return null;
}

export async function alertOnRiskOutcome(tx: TDbOrTx, input: TRiskAlertInput): Promise<{ kind: TRiskAlertKind | null }> {
  const ruleSet = input.ruleSet ?? (await getActiveRiskRuleSet(tx));
  const kind = riskAlertKind(input, ruleSet);
  if (!kind) return { kind: null };
  const { transaction: t, result: r } = input;
  const amount = formatMinor(BigInt(t.amountMinor), t.currency);
  const merchant = t.merchantName ? ` at ${t.merchantName.slice(0, 80)}` : '';
  const title =
    kind === 'risk.declined_high_risk'
      ? `Declined high-risk payment ${amount}${merchant} (score ${r.score})`
      : `High-value payment ${amount}${merchant} frozen for review (score ${r.score})`;
  const factorCodes = r.factors.map((f) => f.code).slice(0, 20);
  const detail = { href: `/transactions/${t.id}`, transactionId: t.id, externalId: t.externalId, score: r.score, level: r.level, decision: r.decision, factorCodes };
  await tx.insert(notifications).values({
    audience: RISK_ALERT_AUDIENCE,
    kind,
    severity: kind === 'risk.declined_high_risk' ? 'critical' : 'warning',
    title,
    detail,
  });
  await enqueueOutboxMessage(tx, {
    topic: `notification.${kind}`,
    idempotencyKey: `risk-alert:${t.id}:${kind}`,
    payload: { kind, transactionId: t.id, externalId: t.externalId, amountMinor: BigInt(t.amountMinor).toString(), currency: t.currency, ...pick(r), factorCodes },
  });
  return { kind };
}

function pick(r: TRiskAlertInput['result']) {
  return { score: r.score, level: r.level, decision: r.decision, ruleSetVersion: r.ruleSetVersion ?? null };
}
