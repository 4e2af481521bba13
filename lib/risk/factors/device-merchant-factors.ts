/** A device this customer has not used before, and the merchant category's risk. */
import type { TRiskRuleSet } from '../rule-set-schema';
import type { TRiskFactor, TRiskInput } from '../types';

export function deviceFactors({ transaction: t, history: h }: TRiskInput, rules: TRiskRuleSet): TRiskFactor[] {
  const hasDevice = Boolean(t.deviceFingerprint || t.deviceId);
  // A first payment has no devices to compare with: "new" only means new for a known customer.
  if (!hasDevice || h.count === 0 || h.deviceSeen) return [];
  return [
    {
      code: 'device.new',
      weight: rules.weights['device.new'],
      explanation: `A device this customer has not used in ${h.count} earlier payments.`,
    },
  ];
}

export function merchantFactors({ transaction: t }: TRiskInput, rules: TRiskRuleSet): TRiskFactor[] {
  const mcc = t.merchantCategoryCode;
  if (rules.mcc.highRisk.includes(mcc)) {
    return [
      {
        code: 'merchant.high_risk_category',
        weight: rules.weights['merchant.high_risk_category'],
        explanation: `Merchant category ${mcc} is on the high-risk list (e.g. gambling, money transfer, crypto).`,
      },
    ];
  }
  if (rules.mcc.elevatedRisk.includes(mcc)) {
    return [
      {
        code: 'merchant.elevated_risk_category',
        weight: rules.weights['merchant.elevated_risk_category'],
        explanation: `Merchant category ${mcc} carries elevated risk (e.g. electronics, jewellery, gift cards).`,
      },
    ];
  }
  return [];
}
