/**
 * Adapter between ingest and the risk engine: builds lib/risk's input from the validated
 * transaction and the customer's history and evaluates the active rule set.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { evaluateRisk, type TRiskResult, type TRiskRuleSet } from '@/lib/risk';
import { getActiveRiskRuleSet } from '@/lib/risk/rule-sets/get-active-risk-rule-set';
import type { TCustomerHistory } from './customer-history';
import type { TIngestTransaction } from './schemas';

export type TRiskOutcome = TRiskResult & { ruleSet: TRiskRuleSet };

/** Scores with the active (approved) rule set, cached briefly by lib/risk; returns the rule set for alerting. */
export async function evaluateIngestRisk(tx: TTx, input: TIngestTransaction, history: TCustomerHistory): Promise<TRiskOutcome> {
  const rules = await getActiveRiskRuleSet(tx);
  const result = evaluateRisk(
    {
      transaction: {
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        occurredAt: new Date(input.occurredAt),
        merchantCategoryCode: input.merchant.categoryCode,
        merchantCountry: input.merchant.country,
        cardBin: input.paymentMethod.bin,
        customerRef: input.customer.reference,
        emailDomain: input.customer.email?.split('@')[1]?.toLowerCase() ?? null,
        geoCountry: input.geolocation?.country ?? null,
        geoLat: input.geolocation?.lat ?? null,
        geoLon: input.geolocation?.lon ?? null,
        deviceFingerprint: input.device?.fingerprint ?? null,
        deviceId: input.device?.id ?? null,
        ip: input.device?.ip ?? null,
      },
      history,
    },
    rules,
  );
  return { ...result, ruleSet: rules };
}
