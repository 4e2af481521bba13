/**
 * Pure policy evaluation: which tier a payload falls in, and whether a step's approvals meet
 * every group's quorum with each person counted once. No I/O, so it is cheap (bench/approvals.ts).
 */
import type { TPolicyCondition, TPolicyDefinition, TPolicyStep } from './policy-schema';
import { matchPeopleToGroups, type TSlotGroup } from './quorum-matching';

const INTEGER = /^-?\d{1,30}$/;

function valueAt(payload: unknown, path: string): unknown {
  let cur: unknown = payload;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Orders two values: integers (also decimal strings of minor units) numerically, strings lexically; undefined when incomparable. */
function compare(a: unknown, b: unknown): number | undefined {
  const asInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : typeof v === 'string' && INTEGER.test(v) ? BigInt(v) : undefined);
  const x = asInt(a);
  const y = asInt(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : undefined;
  return undefined;
}

export function conditionHolds(condition: TPolicyCondition, payload: unknown): boolean {
  const actual = valueAt(payload, condition.field);
  if (actual === undefined) return false;
  if (condition.op === 'in') return (Array.isArray(condition.value) ? condition.value : [condition.value]).some((v) => compare(actual, v) === 0);
  if (Array.isArray(condition.value)) return false;
  const c = compare(actual, condition.value);
  if (c === undefined) return condition.op === 'neq';
  switch (condition.op) {
    case 'eq': return c === 0;
    case 'neq': return c !== 0;
    case 'gt': return c > 0;
    case 'gte': return c >= 0;
    case 'lt': return c < 0;
    case 'lte': return c <= 0;
  }
}

/** Index of the first tier whose conditions all hold (validation guarantees the last always does). */
export function selectTier(definition: TPolicyDefinition, payload: unknown): number {
  const index = definition.tiers.findIndex((t) => t.when.every((c) => conditionHolds(c, payload)));
  return index === -1 ? definition.tiers.length - 1 : index;
}

export type TCountedApproval = { staffId: string; groupIndexes: readonly number[] };

function slotGroups(step: TPolicyStep, approvals: readonly TCountedApproval[]): TSlotGroup[] {
  return step.groups.map((g, i) => ({ quorum: g.quorum, members: new Set(approvals.filter((a) => a.groupIndexes.includes(i)).map((a) => a.staffId)) }));
}

/** Who counts for which group of the step (each person once). */
export function stepAssignment(step: TPolicyStep, approvals: readonly TCountedApproval[]): string[][] {
  return matchPeopleToGroups(slotGroups(step, approvals), approvals.map((a) => a.staffId));
}

export function stepComplete(step: TPolicyStep, approvals: readonly TCountedApproval[]): boolean {
  const assigned = stepAssignment(step, approvals);
  return step.groups.every((g, i) => assigned[i]!.length >= g.quorum);
}
