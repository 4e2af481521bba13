/** Builders for risk-engine tests: a quiet, known customer paying a normal amount at home. */
import { DEFAULT_RULE_SET } from './default-rule-set';
import type { TRiskRuleSet } from './rule-set-schema';
import type { TRiskHistory, TRiskInput, TRiskTransaction } from './types';

export const AT = new Date('2026-11-20T12:00:00Z');

export function quietHistory(over: Partial<TRiskHistory> = {}): TRiskHistory {
  return {
    count: 20,
    amount: { count: 20, mean: 5000, stddev: 1500 },
    lastHour: { count: 0, sumMinor: 0n },
    lastDay: { count: 1, sumMinor: 4000n },
    countries: ['DE'],
    deviceSeen: true,
    // Berlin, three hours earlier.
    previousLocated: { occurredAt: new Date(AT.getTime() - 3 * 3_600_000), lat: 52.52, lon: 13.405, country: 'DE' },
    ...over,
  };
}

export function normalTx(over: Partial<TRiskTransaction> = {}): TRiskTransaction {
  return {
    amountMinor: 5200n,
    currency: 'EUR',
    occurredAt: AT,
    merchantCategoryCode: '5411',
    merchantCountry: 'DE',
    cardBin: '41111111',
    customerRef: 'cust-1',
    emailDomain: 'example.com',
    geoCountry: 'DE',
    geoLat: 52.5,
    geoLon: 13.4,
    deviceFingerprint: 'fp-known',
    deviceId: null,
    ip: '198.51.100.7',
    ...over,
  };
}

export function input(tx: Partial<TRiskTransaction> = {}, history: Partial<TRiskHistory> = {}): TRiskInput {
  return { transaction: normalTx(tx), history: quietHistory(history) };
}

export function rulesWith(change: (r: TRiskRuleSet) => void): TRiskRuleSet {
  const copy = structuredClone(DEFAULT_RULE_SET);
  change(copy);
  return copy;
}
