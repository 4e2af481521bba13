/**
 * Remembers, for each rule inside an ability, the stored rule it came from (placeholders
 * intact) and the role that holds it, so a decision can be explained as "role X, rule Y".
 * Kept beside the rule rather than in its `reason`, which stays the administrator's words.
 * A symbol key: invisible to JSON and packRules, cannot be forged from request input, and
 * about ten times cheaper than a WeakMap entry per rule on every request (bench/run.ts).
 */
import type { TRoleRule } from '@/db/schema';

export type TRuleOrigin = { rule: TRoleRule; roleKey?: string };

const ORIGIN: unique symbol = Symbol('countersign.ruleOrigin');
type TWithOrigin = { [ORIGIN]?: TRuleOrigin };

export function rememberRuleOrigin(resolved: object, origin: TRuleOrigin): void {
  (resolved as TWithOrigin)[ORIGIN] = origin;
}

/** The origin of a rule built by buildAbility, given the raw rule CASL kept (`rule.origin`). */
export function ruleOriginOf(resolved: object): TRuleOrigin | undefined {
  return (resolved as TWithOrigin)[ORIGIN];
}
