import { describe, expect, it } from 'vitest';
import { assertAdministratorKeepsPowers } from './administrator-guardrail';
import { addedPrivileges } from './privileged-grants';

describe('addedPrivileges', () => {
  it('names privileged grants that are new', () => {
    expect(addedPrivileges([], [{ action: ['read', 'approve'], subject: 'ApprovalRequest' }])).toEqual(['approve ApprovalRequest']);
    expect(addedPrivileges([], [{ action: 'manage', subject: 'all' }])).toEqual(['manage all']);
  });

  it('ignores ordinary grants, removals and reordering', () => {
    const rules = [{ action: 'manage', subject: 'Role' }, { action: 'read', subject: 'Transaction' }];
    expect(addedPrivileges([], [{ action: 'read', subject: 'Transaction' }])).toEqual([]);
    expect(addedPrivileges(rules, [rules[1]!, rules[0]!])).toEqual([]);
    expect(addedPrivileges(rules, [])).toEqual([]);
  });

  it('treats wider conditions of a privileged grant as an addition, whatever the key order', () => {
    const narrow = { action: 'reveal', subject: 'CustomerPII', conditions: { region: 'EU', customerId: { $in: ['a'] } } };
    const reordered = { action: 'reveal', subject: 'CustomerPII', conditions: { customerId: { $in: ['a'] }, region: 'EU' } };
    expect(addedPrivileges([narrow], [reordered])).toEqual([]);
    expect(addedPrivileges([narrow], [{ action: 'reveal', subject: 'CustomerPII' }])).toEqual(['reveal CustomerPII']);
  });

  it('treats a removed denial on a privileged subject as an addition', () => {
    const grant = { action: 'manage', subject: 'Settings' };
    expect(addedPrivileges([grant, { action: 'update', subject: 'Settings', inverted: true }], [grant])).toEqual(['update Settings']);
    expect(addedPrivileges([{ action: 'read', subject: 'Transaction', inverted: true }], [])).toEqual([]);
  });
});

describe('assertAdministratorKeepsPowers', () => {
  const keeps = [{ action: 'manage', subject: 'Staff' }, { action: 'manage', subject: 'Role' }];
  it('accepts rule sets that keep manage Staff and manage Role, or any role other than Administrator', () => {
    expect(() => assertAdministratorKeepsPowers('administrator', keeps)).not.toThrow();
    expect(() => assertAdministratorKeepsPowers('administrator', [{ action: 'manage', subject: 'all' }])).not.toThrow();
    expect(() => assertAdministratorKeepsPowers('auditor', [])).not.toThrow();
  });

  it('refuses losing either power', () => {
    expect(() => assertAdministratorKeepsPowers('administrator', [keeps[0]!])).toThrow(/manage Role/);
    expect(() => assertAdministratorKeepsPowers('administrator', [])).toThrow(/manage Staff" and "manage Role/);
  });
});
