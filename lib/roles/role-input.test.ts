import { describe, expect, it } from 'vitest';
import { roleKeyFromName, ZCreateRoleInput, ZUpdateRoleInput } from './role-input';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('role inputs (the server actions pass these through unchanged)', () => {
  it('accepts a minimal role and trims text', () => {
    expect(ZCreateRoleInput.parse({ key: 'fraud-desk', name: '  Fraud desk ', rules: [] })).toEqual({ key: 'fraud-desk', name: 'Fraud desk', description: '', rules: [], acknowledgeSod: false });
  });

  it('refuses unknown properties, bad keys and overlong text, naming each path', () => {
    const result = ZCreateRoleInput.safeParse({ key: '9-Lives', name: 'A', description: 'x'.repeat(301), rules: [], builtIn: true });
    expect(paths(result)).toEqual(expect.arrayContaining(['key', 'name', 'description', '']));
  });

  it('refuses rules the permission schema refuses, with their paths', () => {
    const result = ZCreateRoleInput.safeParse({ key: 'x-role', name: 'X role', rules: [{ action: 'read', subject: 'Transaction', conditions: { amountMinor: { $regex: '.*' } } }] });
    expect(paths(result)).toEqual(['rules.0.conditions.amountMinor.$regex']);
  });

  it('needs the id and the version loaded for an update, and no key', () => {
    expect(paths(ZUpdateRoleInput.safeParse({ name: 'Role', rules: [] }))).toEqual(expect.arrayContaining(['id', 'updatedAt']));
    expect(ZUpdateRoleInput.safeParse({ id: '00000000-0000-4000-8000-000000000000', updatedAt: '2026-01-01T00:00:00.000Z', name: 'Role', rules: [], key: 'k' }).success).toBe(false);
  });

  it('derives keys from names', () => {
    expect(roleKeyFromName('Fraud reviewer (EU)')).toBe('fraud-reviewer-eu');
    expect(roleKeyFromName('2nd-line Ops')).toBe('nd-line-ops');
    expect(roleKeyFromName('Équipe conformité')).toBe('equipe-conformite');
  });
});
