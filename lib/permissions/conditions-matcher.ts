/**
 * The CASL conditions matcher used by every ability. It differs from CASL's default in ways
 * that make `ability.can(record)` give the same answer as the SQL filter from casl-to-sql:
 *  - a missing or null value never satisfies $lt/$lte/$gt/$gte (the default treats it as
 *    smaller than anything, as JavaScript's `null < 5` does);
 *  - numbers and bigints compare by value (`10n` equals `10`), dates by instant (a Date equals
 *    its ISO string), so records straight from Drizzle compare correctly;
 *  - operators outside the restricted set ($regex, $elemMatch, $exists, …) throw instead of
 *    running, in case an unvalidated rule ever reaches an ability.
 * No 'server-only': the browser builds its cosmetic ability with the same matcher.
 */
import { buildMongoQueryMatcher } from '@casl/ability';

type TNode = { field: string; value: unknown };
type TContext = { get(object: unknown, field: string): unknown; compare(a: unknown, b: unknown): number };

function comparable(value: unknown, other: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && other instanceof Date) return Date.parse(value);
  return value;
}

/** Orders the values conditions may hold; null and undefined equal only each other. */
export function compareValues(a: unknown, b: unknown): 0 | 1 | -1 {
  const x = comparable(a, b);
  const y = comparable(b, a);
  if (x === y) return 0;
  if (x === null || x === undefined || y === null || y === undefined) return -1;
  // Mixed number/bigint comparison is exact in JavaScript; strings compare by code unit.
  const [p, q] = [x as string | number | bigint, y as string | number | bigint];
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  if (typeof p !== typeof q && !(numeric(p) && numeric(q))) return -1;
  if (p < q) return -1;
  if (p > q) return 1;
  // Neither smaller nor greater: equal (10n vs 10), unless one side is not a number at all.
  return Number.isNaN(p) || Number.isNaN(q) ? -1 : 0;
}

function ordered(test: (order: number) => boolean) {
  return (node: TNode, object: unknown, context: TContext): boolean => {
    const value = context.get(object, node.field);
    if (value === null || value === undefined) return false;
    if (value instanceof Date && Number.isNaN(value.getTime())) return false;
    return test(context.compare(value, node.value));
  };
}

const forbidden = {
  type: 'field',
  validate(): void {
    throw new Error('This condition operator is not allowed in role rules');
  },
};

export const conditionsMatcher = buildMongoQueryMatcher(
  {
    $all: forbidden,
    $size: forbidden,
    $regex: forbidden,
    $options: forbidden,
    $elemMatch: forbidden,
    $exists: forbidden,
  },
  {
    lt: ordered((o) => o === -1),
    lte: ordered((o) => o <= 0),
    gt: ordered((o) => o === 1),
    gte: ordered((o) => o >= 0),
  },
  { compare: compareValues },
);
