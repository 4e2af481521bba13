/**
 * One cell of the permission matrix: what a role's rules allow for one action on one subject.
 * Mirrors the ability's semantics (deny by default, `manage` and `all` as wildcards, denials
 * win) without building an ability per cell: allowed = an unconditional grant and no denial;
 * denied = no grant or an unconditional denial; conditional = anything in between, with the
 * conditions as text.
 */
import type { TRoleRule } from '@/db/schema';
import { describeConditions } from '@/lib/permissions/describe-rule';
import type { TMatrixCell } from './types';

function covers(rule: TRoleRule, subject: string, action: string): boolean {
  const actions = Array.isArray(rule.action) ? rule.action : [rule.action];
  return (rule.subject === subject || rule.subject === 'all') && (actions.includes(action) || actions.includes('manage'));
}

const unconditional = (rule: TRoleRule) => !rule.conditions && !rule.fields;

function scopeText(rule: TRoleRule): string {
  const fields = rule.fields?.length ? ` fields: ${rule.fields.join(', ')}` : '';
  return `${fields}${describeConditions(rule.conditions)}`.trim();
}

export function matrixCell(rules: readonly TRoleRule[], subject: string, action: string): TMatrixCell {
  const relevant = rules.filter((r) => covers(r, subject, action));
  const grants = relevant.filter((r) => !r.inverted);
  const denials = relevant.filter((r) => r.inverted);
  if (grants.length === 0 || denials.some(unconditional)) return { state: 'denied', conditions: [] };
  const everything = grants.some(unconditional);
  if (everything && denials.length === 0) return { state: 'allowed', conditions: [] };
  const conditions = [
    ...(everything ? [] : grants.map((g) => `only ${scopeText(g)}`)),
    ...denials.map((d) => `except ${scopeText(d)}`),
  ];
  return { state: 'conditional', conditions: [...new Set(conditions)] };
}
