import { describe, expect, it } from 'vitest';
import type { TRoleRule } from '@/db/schema';
import { matrixCell } from './permission-matrix';

describe('matrixCell', () => {
  it('denies by default', () => {
    expect(matrixCell([], 'Transaction', 'read').state).toBe('denied');
  });

  it('allows through manage and all wildcards', () => {
    expect(matrixCell([{ action: 'manage', subject: 'Staff' }], 'Staff', 'delete').state).toBe('allowed');
    expect(matrixCell([{ action: 'read', subject: 'all' }], 'CspReport', 'read').state).toBe('allowed');
  });

  it('describes conditional grants and denials', () => {
    const rules: TRoleRule[] = [
      { action: 'release', subject: 'Transaction', conditions: { amountMinor: { $lte: 100000 } } },
      { action: 'release', subject: 'Transaction', inverted: true, conditions: { region: '${actor.region}' } },
    ];
    expect(matrixCell(rules, 'Transaction', 'release')).toEqual({
      state: 'conditional',
      conditions: ['only where amountMinor ≤ 100000', 'except where region = their region'],
    });
  });

  it('lets an unconditional denial win', () => {
    const rules: TRoleRule[] = [{ action: 'manage', subject: 'all' }, { action: 'delete', subject: 'Role', inverted: true }];
    expect(matrixCell(rules, 'Role', 'delete').state).toBe('denied');
    expect(matrixCell(rules, 'Role', 'update').state).toBe('allowed');
  });
});
