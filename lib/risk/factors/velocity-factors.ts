/** Velocity: how many payments and how much money in the last hour and day, this one included. */
import type { TRiskRuleSet } from '../rule-set-schema';
import type { TRiskFactor, TRiskInput } from '../types';
import { formatMinor } from '../explain-format';
import { highAmountMinor } from './amount-factors';

export function velocityFactors({ transaction: t, history: h }: TRiskInput, rules: TRiskRuleSet): TRiskFactor[] {
  const factors: TRiskFactor[] = [];
  const v = rules.velocity;
  const count1h = h.lastHour.count + 1;
  const count24h = h.lastDay.count + 1;
  if (count1h > v.maxCount1h) {
    factors.push({
      code: 'velocity.count_1h',
      weight: rules.weights['velocity.count_1h'],
      explanation: `${count1h} payments by this customer within one hour (more than ${v.maxCount1h} is unusual).`,
    });
  }
  if (count24h > v.maxCount24h) {
    factors.push({
      code: 'velocity.count_24h',
      weight: rules.weights['velocity.count_24h'],
      explanation: `${count24h} payments by this customer within 24 hours (more than ${v.maxCount24h} is unusual).`,
    });
  }
  const high = highAmountMinor(rules, t.currency);
  if (high === null) return factors;
  const amount = BigInt(t.amountMinor);
  const sums: [code: 'velocity.sum_1h' | 'velocity.sum_24h', sum: bigint, multiple: number, window: string][] = [
    ['velocity.sum_1h', h.lastHour.sumMinor + amount, v.sum1hMultipleOfHigh, 'one hour'],
    ['velocity.sum_24h', h.lastDay.sumMinor + amount, v.sum24hMultipleOfHigh, '24 hours'],
  ];
  for (const [code, sum, multiple, window] of sums) {
    // Multiply in hundredths so the limit stays exact in bigint.
    const limit = (high * BigInt(Math.round(multiple * 100))) / 100n;
    if (sum > limit) {
      factors.push({
        code,
        weight: rules.weights[code],
        explanation: `${formatMinor(sum, t.currency)} spent by this customer within ${window}, above the limit of ${formatMinor(limit, t.currency)}.`,
      });
    }
  }
  return factors;
}
