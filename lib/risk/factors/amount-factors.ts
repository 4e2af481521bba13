/** Amount against the customer's own history (multiple of the average, z-score) and an absolute per-currency limit. */
import type { TRiskRuleSet } from '../rule-set-schema';
import type { TRiskFactor, TRiskInput } from '../types';
import { formatMinor, formatMinorApprox, oneDecimal } from '../explain-format';

export function amountFactors({ transaction: t, history: h }: TRiskInput, rules: TRiskRuleSet): TRiskFactor[] {
  const factors: TRiskFactor[] = [];
  const amount = BigInt(t.amountMinor);
  const stats = h.amount;
  if (stats && stats.count >= rules.amount.minHistory && stats.mean > 0) {
    const value = Number(amount);
    const multiple = value / stats.mean;
    const z = stats.stddev > 0 ? (value - stats.mean) / stats.stddev : null;
    const byMultiple = multiple >= rules.amount.multipleOfAverage;
    const byZ = z !== null && z >= rules.amount.zScore;
    if (byMultiple || byZ) {
      const avg = formatMinorApprox(stats.mean, t.currency);
      const spread = z !== null ? ` (${oneDecimal(z)} standard deviations above normal)` : '';
      factors.push({
        code: 'amount.above_history',
        weight: rules.weights['amount.above_history'],
        explanation: `${formatMinor(amount, t.currency)} is ${oneDecimal(multiple)} times this customer's average of ${avg} over ${stats.count} payments${spread}.`,
      });
    }
  }
  const high = highAmountMinor(rules, t.currency);
  if (high !== null && amount >= high) {
    factors.push({
      code: 'amount.absolute_high',
      weight: rules.weights['amount.absolute_high'],
      explanation: `${formatMinor(amount, t.currency)} is at or above the high-amount limit of ${formatMinor(high, t.currency)}.`,
    });
  }
  return factors;
}

export function highAmountMinor(rules: TRiskRuleSet, currency: string): bigint | null {
  const v = rules.amount.highMinor[currency];
  return v === undefined ? null : BigInt(v);
}
