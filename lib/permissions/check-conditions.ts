/**
 * Validates a rule's conditions: whitelisted fields of its subject only, the restricted
 * operator set, type-checked values, one level of operator objects and nothing else. What
 * passes here is what the SQL translator and the CASL matcher both understand.
 */
import { checkList, checkScalar, type TReport, type TScalar } from './check-condition-value';
import { isConditionOperator, LIST_OPERATORS, OPERATORS_BY_TYPE } from './condition-operators';
import { FORBIDDEN_KEYS } from './placeholders';
import { fieldSpecOf, SUBJECT_FIELDS, type TFieldSpec } from './subject-fields';
import type { TConcreteSubject, TSubject } from './vocabulary';

export const CONDITION_LIMITS = { maxKeys: 20, maxListValues: 50 } as const;

type TCanonical = Record<string, TScalar | Record<string, TScalar | TScalar[] | string>>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function filterableFields(subject: TConcreteSubject): string {
  const table: Record<string, TFieldSpec> = SUBJECT_FIELDS[subject];
  return Object.keys(table).filter((f) => table[f]?.filterable).join(', ');
}

function checkOperators(ops: Record<string, unknown>, field: string, spec: TFieldSpec, path: (string | number)[], report: TReport) {
  const keys = Object.keys(ops);
  if (keys.length === 0) report(path, 'needs at least one operator');
  const allowed = OPERATORS_BY_TYPE[spec.type];
  const out: Record<string, TScalar | TScalar[] | string> = {};
  let ok = keys.length > 0;
  for (const op of keys) {
    if (!isConditionOperator(op) || !allowed.includes(op)) {
      const known = isConditionOperator(op) ? `${op} does not apply to ${spec.type} fields` : `operator "${op}" is not allowed`;
      report([...path, op], `${known}; "${field}" accepts ${allowed.join(' ')}`);
      ok = false;
      continue;
    }
    const value = LIST_OPERATORS.includes(op)
      ? checkList(ops[op], field, spec, CONDITION_LIMITS.maxListValues, [...path, op], report)
      : checkScalar(ops[op], field, spec, [...path, op], report);
    if (value === undefined) ok = false;
    else out[op] = value;
  }
  return ok ? out : undefined;
}

/** Canonical conditions, or undefined after reporting every problem found. */
export function checkConditions(subject: TSubject, conditions: unknown, report: TReport): TCanonical | undefined {
  const path = ['conditions'];
  if (subject === 'all') {
    report(path, 'conditions need a concrete subject; "all" has no fields');
    return undefined;
  }
  if (!isPlainObject(conditions)) {
    report(path, 'must be an object of field conditions');
    return undefined;
  }
  const fields = Object.keys(conditions);
  if (fields.length === 0) report(path, 'is empty; leave conditions out to match every record');
  if (fields.length > CONDITION_LIMITS.maxKeys) report(path, `has ${fields.length} fields; at most ${CONDITION_LIMITS.maxKeys} are allowed`);
  let ok = fields.length > 0 && fields.length <= CONDITION_LIMITS.maxKeys;
  const out: TCanonical = {};
  for (const field of fields) {
    const spec = FORBIDDEN_KEYS.has(field) ? undefined : fieldSpecOf(subject, field);
    const value = conditions[field];
    if (!spec || !spec.filterable) {
      const why = field.startsWith('$')
        ? `operator "${field}" is not allowed here; name a field of ${subject}`
        : spec
          ? `"${field}" cannot be used in conditions`
          : `unknown field "${field}" on ${subject}`;
      report([...path, field], `${why} (conditions may use: ${filterableFields(subject)})`);
      ok = false;
      continue;
    }
    const checked = isPlainObject(value)
      ? checkOperators(value, field, spec, [...path, field], report)
      : checkScalar(value, field, spec, [...path, field], report);
    if (checked === undefined) ok = false;
    else out[field] = checked;
  }
  return ok ? out : undefined;
}
