/**
 * Rules as sentences for people: the role editor's rule list, the simulator's explanation and
 * the generated docs ("Compliance officer can release Transaction where amountMinor ≤ 1000000").
 */
import type { TRoleRule } from '@/db/schema';
import { isConditionOperator, OPERATOR_SYMBOLS } from './condition-operators';
import { isPlainObject } from './check-conditions';

const PLACEHOLDER_PHRASES: Record<string, string> = {
  '${actor.id}': 'their own id',
  '${actor.region}': 'their region',
  '${actor.roleKeys}': 'their roles',
};

function formatValue(value: unknown): string {
  if (typeof value === 'string') return PLACEHOLDER_PHRASES[value] ?? value;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return String(value);
}

function joinWords(words: readonly string[], conjunction: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

function describeCondition(field: string, value: unknown): string[] {
  if (!isPlainObject(value)) return [`${field} = ${formatValue(value)}`];
  return Object.entries(value).map(([op, v]) => `${field} ${isConditionOperator(op) ? OPERATOR_SYMBOLS[op] : op} ${formatValue(v)}`);
}

/** The "where …" part, or '' when the rule has no conditions. */
export function describeConditions(conditions: TRoleRule['conditions']): string {
  if (!conditions) return '';
  const parts = Object.entries(conditions).flatMap(([field, value]) => describeCondition(field, value));
  return parts.length ? ` where ${parts.join(' and ')}` : '';
}

/** One sentence for one rule; `who` names the role ("Compliance officer"). */
export function describeRule(rule: TRoleRule, who = 'Anyone with this role'): string {
  const actions = Array.isArray(rule.action) ? rule.action : [rule.action];
  const verb = rule.inverted ? 'cannot' : 'can';
  const what = actions.includes('manage') ? 'do anything with' : joinWords(actions, rule.inverted ? 'or' : 'and');
  const subject = rule.subject === 'all' ? 'anything' : rule.subject;
  const fields = rule.fields?.length ? ` (fields: ${rule.fields.join(', ')})` : '';
  const reason = rule.reason ? `, because: ${rule.reason}` : '';
  return `${who} ${verb} ${what} ${subject}${fields}${describeConditions(rule.conditions)}${reason}`;
}
