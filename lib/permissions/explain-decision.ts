/**
 * The "Can X do Y?" simulator's answer: allowed or denied, the rule that decided (as stored,
 * placeholders intact, with the role holding it) and a sentence saying why. Uses the same
 * `relevantRuleFor` that `can()` uses, so the explanation cannot disagree with enforcement.
 */
import type { TRoleRule } from '@/db/schema';
import type { TAppAbility } from './ability';
import { asSubject } from './as-subject';
import { describeRule } from './describe-rule';
import { ruleOriginOf } from './rule-origins';
import type { TAction, TSubject } from './vocabulary';

export type TDecisionRule = {
  action: string | string[];
  subject: string;
  conditions?: Record<string, unknown>;
  fields?: string[];
  inverted: boolean;
  reason?: string;
  roleKey?: string;
};

export type TDecision = {
  allowed: boolean;
  rule?: TDecisionRule;
  /** Without a record, a conditional grant allows only the records matching its conditions. */
  conditional: boolean;
  reason: string;
};

function asStored(rule: TAppAbility['rules'][number]): { stored: TRoleRule; roleKey?: string } {
  const origin = ruleOriginOf(rule);
  if (origin) return { stored: origin.rule, roleKey: origin.roleKey };
  const subject = Array.isArray(rule.subject) ? rule.subject.join(',') : String(rule.subject);
  return { stored: { ...rule, subject } as TRoleRule };
}

export function explainDecision(
  ability: TAppAbility,
  action: TAction,
  subjectType: TSubject,
  record?: Record<string, unknown>,
  field?: string,
): TDecision {
  const relevant = ability.relevantRuleFor(action, record ? asSubject(subjectType, record) : subjectType, field);
  const onWhat = `${action} ${subjectType}${field ? ` field ${field}` : ''}${record ? ' on this record' : ''}`;
  if (!relevant) {
    const candidates = ability.rulesFor(action, subjectType, field).length;
    const reason = candidates
      ? `Denied by default: none of the ${candidates} rule(s) for ${action} ${subjectType} matches${record ? ' this record' : ''}.`
      : `Denied by default: no role grants ${onWhat}.`;
    return { allowed: false, conditional: false, reason };
  }
  const { stored, roleKey } = asStored(relevant.origin);
  const rule: TDecisionRule = {
    action: stored.action,
    subject: stored.subject,
    inverted: relevant.inverted,
    ...(stored.conditions && { conditions: stored.conditions }),
    ...(stored.fields && { fields: stored.fields }),
    ...(stored.reason && { reason: stored.reason }),
    ...(roleKey && { roleKey }),
  };
  const by = roleKey ? `role "${roleKey}"` : 'a rule';
  const sentence = describeRule(stored, 'Holders');
  const conditional = !record && !relevant.inverted && Boolean(stored.conditions);
  const reason = relevant.inverted
    ? `Denied by ${by}: ${sentence}.`
    : `Allowed by ${by}: ${sentence}${conditional ? ' (only records matching these conditions)' : ''}.`;
  return { allowed: !relevant.inverted, rule, conditional, reason };
}
