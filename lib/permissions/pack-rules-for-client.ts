/**
 * Rules for the browser's `<Can>`: packed (compact arrays) and with the actor's placeholders
 * already resolved. Cosmetic only: the server decides. Reasons are dropped; they are for
 * administrators and the simulator, not for every page payload.
 */
import { createMongoAbility } from '@casl/ability';
import { packRules, unpackRules, type PackRule } from '@casl/ability/extra';
import type { TAppAbility } from './ability';
import { conditionsMatcher } from './conditions-matcher';

type TRawRule = TAppAbility['rules'][number];
export type TPackedRules = PackRule<TRawRule>[];

/** Packs the rules of a built ability (`ability.rules`) for the client. */
export function packRulesForClient(rules: readonly TRawRule[]): TPackedRules {
  return packRules(rules.map(({ reason: _reason, ...rule }) => rule));
}

/** The client-side ability from packed rules, using the same matcher as the server. */
export function createClientAbility(packed: TPackedRules): TAppAbility {
  return createMongoAbility<TAppAbility>(unpackRules(packed), { conditionsMatcher });
}
