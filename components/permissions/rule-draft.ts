/**
 * The role editor's working copy of a rule: form-friendly (values as typed text, conditions as
 * rows) and convertible both ways. Converting never "fixes" input: a value that is not what the
 * field needs is passed through as text so the shared schema reports it in its own words.
 */
import type { TRoleRule } from '@/db/schema';
import { isConditionOperator, LIST_OPERATORS, OPERATORS_BY_TYPE, type TConditionOperator } from '@/lib/permissions/condition-operators';
import { isPlainObject } from '@/lib/permissions/check-conditions';
import { isActorPlaceholder } from '@/lib/permissions/placeholders';
import { fieldSpecOf, type TFieldSpec } from '@/lib/permissions/subject-fields';
import { isSubject, type TAction, type TSubject } from '@/lib/permissions/vocabulary';

export type TConditionDraft = {
  uid: string;
  field: string;
  operator: TConditionOperator;
  value: string;
  usePlaceholder: boolean;
  /** Stored as `field: value` rather than `field: { $eq: value }`: kept, so an untouched rule saves unchanged. */
  shorthand?: boolean;
};

export type TRuleDraft = {
  uid: string;
  subject: TSubject;
  actions: TAction[];
  conditions: TConditionDraft[];
  fields: string[];
  inverted: boolean;
  reason: string;
};

let counter = 0;
/** Stable React keys for rows that have no id of their own. */
export const newUid = () => `d${++counter}`;

export function emptyRuleDraft(): TRuleDraft {
  return { uid: newUid(), subject: 'Transaction', actions: ['read'], conditions: [], fields: [], inverted: false, reason: '' };
}

export function specFor(draft: Pick<TRuleDraft, 'subject'>, field: string): TFieldSpec | undefined {
  return draft.subject === 'all' ? undefined : fieldSpecOf(draft.subject, field);
}

export function isListOperator(op: TConditionOperator): boolean {
  return LIST_OPERATORS.includes(op);
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function conditionRows(conditions: Record<string, unknown> | undefined): TConditionDraft[] {
  if (!conditions) return [];
  return Object.entries(conditions).flatMap(([field, value]) => {
    const ops: [string, unknown][] = isPlainObject(value) ? Object.entries(value) : [['$eq', value]];
    return ops.map(([op, v]) => ({
      uid: newUid(),
      shorthand: !isPlainObject(value),
      field,
      operator: isConditionOperator(op) ? op : '$eq',
      value: isActorPlaceholder(v) ? '' : textOf(v),
      usePlaceholder: isActorPlaceholder(v),
    }));
  });
}

export function draftFromRule(rule: TRoleRule): TRuleDraft {
  const actions = (Array.isArray(rule.action) ? rule.action : [rule.action]) as TAction[];
  return {
    uid: newUid(),
    subject: isSubject(rule.subject) ? rule.subject : 'Transaction',
    actions,
    conditions: conditionRows(rule.conditions),
    fields: rule.fields ?? [],
    inverted: rule.inverted ?? false,
    reason: rule.reason ?? '',
  };
}

function scalarFrom(text: string, spec: TFieldSpec | undefined): unknown {
  const trimmed = text.trim();
  if (spec?.type === 'number' && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (spec?.type === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return trimmed;
}

function valueFrom(row: TConditionDraft, spec: TFieldSpec | undefined): unknown {
  if (row.usePlaceholder && spec?.placeholder) return spec.placeholder;
  if (!isListOperator(row.operator)) return scalarFrom(row.value, spec);
  return row.value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => scalarFrom(part, spec));
}

/** The rule as the server receives it (unvalidated: the shared schema checks it). */
export function ruleFromDraft(draft: TRuleDraft): Record<string, unknown> {
  const rule: Record<string, unknown> = { action: draft.actions.length === 1 ? draft.actions[0] : draft.actions, subject: draft.subject };
  if (draft.conditions.length > 0) {
    const conditions: Record<string, unknown> = {};
    for (const row of draft.conditions) {
      const value = valueFrom(row, specFor(draft, row.field));
      const alone = draft.conditions.filter((c) => c.field === row.field).length === 1;
      const previous = conditions[row.field];
      conditions[row.field] = alone && row.shorthand && row.operator === '$eq' ? value : { ...(isPlainObject(previous) ? previous : {}), [row.operator]: value };
    }
    rule.conditions = conditions;
  }
  if (draft.fields.length > 0) rule.fields = draft.fields;
  if (draft.inverted) rule.inverted = true;
  if (draft.reason.trim()) rule.reason = draft.reason.trim();
  return rule;
}

/** A condition row for a field, with the first operator its type accepts. */
export function conditionFor(draft: TRuleDraft, field: string): TConditionDraft {
  const spec = specFor(draft, field);
  return { uid: newUid(), field, operator: spec ? (OPERATORS_BY_TYPE[spec.type][0] ?? '$eq') : '$eq', value: '', usePlaceholder: false };
}
