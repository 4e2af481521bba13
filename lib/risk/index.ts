/** Risk engine: pure rule evaluation (`evaluateRisk`), the rule-set schema and the v1 default. */
export { evaluateRisk, levelFor, decisionFor } from './evaluate-risk';
export { DEFAULT_RULE_SET, DEFAULT_RULE_SET_VERSION } from './default-rule-set';
export {
  ZRiskRuleSetDefinition,
  WEIGHTED_FACTOR_CODES,
  type TRiskRuleSet,
  type TRiskRuleSetDefinition,
  type TWeightedFactorCode,
} from './rule-set-schema';
export type { TRiskInput, TRiskHistory, TRiskTransaction, TRiskResult, TRiskFactor, TRiskLevel, TRiskDecision } from './types';
export { haversineKm } from './haversine';
