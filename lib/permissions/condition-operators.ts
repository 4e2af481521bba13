/**
 * The condition operators a role may use, per field type. Ordering operators are limited to
 * numbers and dates: JavaScript and PostgreSQL order strings differently (code units versus
 * collation), and the SQL filter must agree with `ability.can()` on every row.
 */
import type { TFieldType } from './subject-fields';

export const CONDITION_OPERATORS = {
  $eq: 'equals',
  $ne: 'does not equal',
  $in: 'is one of',
  $nin: 'is none of',
  $lt: 'is less than',
  $lte: 'is at most',
  $gt: 'is greater than',
  $gte: 'is at least',
} as const;

export type TConditionOperator = keyof typeof CONDITION_OPERATORS;

export const LIST_OPERATORS: readonly TConditionOperator[] = ['$in', '$nin'];

const EQUALITY: readonly TConditionOperator[] = ['$eq', '$ne', '$in', '$nin'];
const ORDERED: readonly TConditionOperator[] = [...EQUALITY, '$lt', '$lte', '$gt', '$gte'];

export const OPERATORS_BY_TYPE: Record<TFieldType, readonly TConditionOperator[]> = {
  string: EQUALITY,
  uuid: EQUALITY,
  enum: EQUALITY,
  boolean: ['$eq', '$ne'],
  number: ORDERED,
  date: ORDERED,
};

/** Symbols for readable sentences ("amountMinor ≤ 1000000"). */
export const OPERATOR_SYMBOLS: Record<TConditionOperator, string> = {
  $eq: '=',
  $ne: '≠',
  $in: 'is one of',
  $nin: 'is none of',
  $lt: '<',
  $lte: '≤',
  $gt: '>',
  $gte: '≥',
};

export function isConditionOperator(value: string): value is TConditionOperator {
  return Object.hasOwn(CONDITION_OPERATORS, value);
}
