import { createMongoAbility, subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { compareValues, conditionsMatcher } from './conditions-matcher';

const can = (conditions: Record<string, unknown>, record: Record<string, unknown>) =>
  createMongoAbility([{ action: 'read', subject: 'Transaction', conditions }], { conditionsMatcher }).can('read', subject('Transaction', record));

describe('conditionsMatcher', () => {
  it('never lets a missing or null value satisfy an ordering operator', () => {
    for (const op of ['$lt', '$lte', '$gt', '$gte']) {
      expect(can({ amountMinor: { [op]: 100 } }, { amountMinor: null }), op).toBe(false);
      expect(can({ amountMinor: { [op]: 100 } }, {}), op).toBe(false);
    }
  });

  it('lets a null value satisfy $ne and $nin but not $eq or $in', () => {
    expect(can({ region: { $ne: 'EU' } }, { region: null })).toBe(true);
    expect(can({ region: { $nin: ['EU'] } }, { region: null })).toBe(true);
    expect(can({ region: 'EU' }, { region: null })).toBe(false);
    expect(can({ region: { $in: ['EU'] } }, { region: null })).toBe(false);
  });

  it('compares bigints from the database with numbers from rules by value', () => {
    expect(can({ amountMinor: 1000 }, { amountMinor: 1000n })).toBe(true);
    expect(can({ amountMinor: { $lte: 1000 } }, { amountMinor: 1000n })).toBe(true);
    expect(can({ amountMinor: { $lt: 1000 } }, { amountMinor: 1000n })).toBe(false);
    expect(can({ amountMinor: { $gt: 1000 } }, { amountMinor: 10n ** 15n })).toBe(true);
    expect(can({ amountMinor: { $in: [5, 1000] } }, { amountMinor: 1000n })).toBe(true);
  });

  it('compares Date values with ISO strings from rules by instant', () => {
    const at = new Date('2026-03-01T12:00:00.000Z');
    expect(can({ createdAt: '2026-03-01T12:00:00.000Z' }, { createdAt: at })).toBe(true);
    expect(can({ createdAt: { $gte: '2026-03-01T12:00:00.000Z' } }, { createdAt: at })).toBe(true);
    expect(can({ createdAt: { $gt: '2026-03-01T12:00:00.000Z' } }, { createdAt: at })).toBe(false);
    expect(can({ createdAt: { $lt: '2026-04-01T00:00:00.000Z' } }, { createdAt: new Date(Number.NaN) })).toBe(false);
  });

  it.each(['$regex', '$elemMatch', '$exists', '$all', '$size'])('throws instead of evaluating %s', (op) => {
    const value = op === '$elemMatch' ? { $eq: 1 } : op === '$exists' ? true : op === '$size' ? 1 : op === '$all' ? [1] : '.*';
    expect(() => can({ field: { [op]: value } }, { field: 'x' })).toThrow();
  });

  it('orders values with null equal only to null and mixed types unequal', () => {
    expect(compareValues(null, null)).toBe(0);
    expect(compareValues(null, 'a')).not.toBe(0);
    expect(compareValues('5', 5)).not.toBe(0);
    expect(compareValues(2n, 10)).toBe(-1);
    expect(compareValues('b', 'a')).toBe(1);
  });
});
