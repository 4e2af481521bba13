/**
 * The risk engine: pure and deterministic (same input and rule set → same result; no clock,
 * no randomness, no I/O). Score = sum of the triggered factors' weights, capped at 100.
 * Block-list hit → decline (score 100); allow-list hit → allow, whatever else fired.
 */
import type { TRiskRuleSet } from './rule-set-schema';
import type { TRiskDecision, TRiskFactor, TRiskInput, TRiskLevel, TRiskResult } from './types';
import { amountFactors } from './factors/amount-factors';
import { velocityFactors } from './factors/velocity-factors';
import { placeFactors } from './factors/place-factors';
import { deviceFactors, merchantFactors } from './factors/device-merchant-factors';
import { allowFactor, blockFactors } from './factors/list-factors';

export function levelFor(score: number, rules: TRiskRuleSet): TRiskLevel {
  if (score >= rules.thresholds.high) return 'high';
  if (score >= rules.thresholds.medium) return 'medium';
  return 'low';
}

export function decisionFor(score: number, rules: TRiskRuleSet): TRiskDecision {
  const t = rules.thresholds;
  if (score >= t.decline) return 'decline';
  if (score >= t.high) return t.highDecision;
  if (score >= t.medium) return 'review';
  return 'allow';
}

export function evaluateRisk(input: TRiskInput, rules: TRiskRuleSet): TRiskResult {
  const scored: TRiskFactor[] = [
    ...amountFactors(input, rules),
    ...velocityFactors(input, rules),
    ...placeFactors(input, rules),
    ...deviceFactors(input, rules),
    ...merchantFactors(input, rules),
  ].filter((f) => f.weight > 0);
  const blocks = blockFactors(input.transaction, rules);
  const allow = allowFactor(input.transaction, rules);
  const factorScore = Math.min(100, scored.reduce((sum, f) => sum + f.weight, 0));
  const ruleSetVersion = rules.version;
  if (allow) {
    return { score: factorScore, level: levelFor(factorScore, rules), decision: 'allow', factors: [allow, ...blocks, ...scored], ruleSetVersion };
  }
  if (blocks.length > 0) {
    return { score: 100, level: 'high', decision: 'decline', factors: [...blocks, ...scored], ruleSetVersion };
  }
  const factors = [...scored].sort((a, b) => b.weight - a.weight);
  return { score: factorScore, level: levelFor(factorScore, rules), decision: decisionFor(factorScore, rules), factors, ruleSetVersion };
}
