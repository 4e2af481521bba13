/**
 * Adapter between ingest and the risk engine: builds lib/risk's input from the validated
 * transaction and the customer's history and evaluates the active rule set.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { DEFAULT_RULE_SET, evaluateRisk, type TRiskResult, type TRiskRuleSet } from '@/lib/risk';
import type { TCustomerHistory } from './customer-history';
import type { TIngestTransaction } from './schemas';

export type TRiskOutcome = TRiskResult;

/** The rule set in force. TODO(risk-crypto): read the approved version once lib/risk stores them. */
async function activeRuleSet(_tx: TTx): Promise<TRiskRuleSet> {
  return DEFAULT_RULE_SET;
}

export async function evaluateIngestRisk(tx: TTx, input: TIngestTransaction, history: TCustomerHistory): Promise<TRiskResult> {
  const rules = await activeRuleSet(tx);
  return evaluateRisk(
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
}
