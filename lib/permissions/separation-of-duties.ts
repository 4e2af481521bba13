/**
 * Separation-of-duties lint for a rule set (one role, or every role one person holds):
 * warns when the same people could both request and approve an approval of the same action
 * type, or both submit (create/update) and release the same transaction. Conservative: two
 * grants are assumed to overlap unless an equality/`$in` condition on a shared field makes
 * them provably disjoint, and only unconditional denials are taken to remove a grant.
 */
import type { TRoleRule } from '@/db/schema';
import { isPlainObject } from './check-conditions';
import { isActorPlaceholder } from './placeholders';

export type TSodWarning = {
  code: 'approval-request-and-approve' | 'transaction-submit-and-release';
  message: string;
  /** Indexes (into the rule list given) of the rules that combine into the conflict. */
  ruleIndexes: number[];
  /** For approvals: the action types both requestable and approvable, or 'any'. */
  actionTypes?: string[] | 'any';
};

type TGrant = { index: number; conditions?: Record<string, unknown> };

const covers = (rule: TRoleRule, subject: string, actions: readonly string[]) => {
  const ruleActions = Array.isArray(rule.action) ? rule.action : [rule.action];
  return (rule.subject === subject || rule.subject === 'all') && ruleActions.some((a) => a === 'manage' || actions.includes(a));
};

function grantsOf(rules: readonly TRoleRule[], subject: string, actions: readonly string[]): TGrant[] {
  // Only a denial without conditions or fields surely takes the action away from everyone.
  const revoked = rules.some((r) => r.inverted && !r.conditions && !r.fields && covers(r, subject, actions));
  if (revoked) return [];
  return rules.flatMap((rule, index) => (!rule.inverted && covers(rule, subject, actions) ? [{ index, conditions: rule.conditions }] : []));
}

/** The finite set of values a condition allows for a field, or undefined when unbounded. */
function finiteValues(value: unknown): Set<unknown> | undefined {
  if (value === undefined) return undefined;
  let allowed: Set<unknown> | undefined;
  const narrow = (values: unknown[]) => {
    if (values.some(isActorPlaceholder)) return; // resolved per person: cannot reason about it here
    allowed = new Set(allowed ? values.filter((v) => allowed?.has(v)) : values);
  };
  if (!isPlainObject(value)) narrow([value]);
  else {
    if ('$eq' in value) narrow([value.$eq]);
    if (Array.isArray(value.$in)) narrow(value.$in);
  }
  return allowed;
}

function overlap(a: TGrant, b: TGrant): boolean {
  for (const field of Object.keys(a.conditions ?? {})) {
    const x = finiteValues(a.conditions?.[field]);
    const y = finiteValues(b.conditions?.[field]);
    if (x && y && ![...x].some((v) => y.has(v))) return false;
  }
  return true;
}

function sharedActionTypes(a: TGrant, b: TGrant): string[] | 'any' {
  const x = finiteValues(a.conditions?.actionType);
  const y = finiteValues(b.conditions?.actionType);
  if (!x && !y) return 'any';
  const values = !x ? [...(y ?? [])] : !y ? [...x] : [...x].filter((v) => y.has(v));
  return values.map(String).sort();
}

function approvalConflicts(rules: readonly TRoleRule[]): TSodWarning[] {
  const requests = grantsOf(rules, 'ApprovalRequest', ['request']);
  const approvals = grantsOf(rules, 'ApprovalRequest', ['approve']);
  let types: Set<string> | 'any' = new Set();
  const indexes = new Set<number>();
  for (const r of requests) {
    for (const a of approvals.filter((g) => overlap(r, g))) {
      const shared = sharedActionTypes(r, a);
      types = types === 'any' || shared === 'any' ? 'any' : new Set([...types, ...shared]);
      indexes.add(r.index).add(a.index);
    }
  }
  if (indexes.size === 0) return [];
  const actionTypes = types === 'any' ? 'any' : [...types].sort();
  const what = actionTypes === 'any' ? 'any action type' : actionTypes.join(', ');
  return [{ code: 'approval-request-and-approve', message: `The same person could both request and approve approvals of ${what}.`, ruleIndexes: [...indexes].sort((p, q) => p - q), actionTypes }];
}

function transactionConflicts(rules: readonly TRoleRule[]): TSodWarning[] {
  const submits = grantsOf(rules, 'Transaction', ['create', 'update']);
  const releases = grantsOf(rules, 'Transaction', ['release']);
  const indexes = new Set<number>();
  for (const s of submits) for (const r of releases.filter((g) => overlap(s, g))) indexes.add(s.index).add(r.index);
  if (indexes.size === 0) return [];
  return [{ code: 'transaction-submit-and-release', message: 'The same person could both submit (create or update) and release a transaction.', ruleIndexes: [...indexes].sort((p, q) => p - q) }];
}

export function separationOfDutiesWarnings(rules: readonly TRoleRule[]): TSodWarning[] {
  return [...approvalConflicts(rules), ...transactionConflicts(rules)];
}
