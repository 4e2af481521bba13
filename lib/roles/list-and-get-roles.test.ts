import { describe, expect, it } from 'vitest';
import { type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createRole } from './create-role';
import { getPermissionMatrix } from './get-permission-matrix';
import { getRole } from './get-role';
import { listRoles } from './list-roles';
import { actorWithRules, assignRole, auditCount, roleByKey } from './role-test-helpers';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

describe('listRoles', () => {
  it('lists every role with rule and assignment counts, built-in roles first', async () => {
    const { id } = await createRole(t.db, admin.actor, { key: 'aaa-custom', name: 'AAA custom', rules: [{ action: 'read', subject: 'Transaction' }] });
    await assignRole(t.db, id);
    await assignRole(t.db, id);
    const list = await listRoles(t.db, admin.actor);
    expect(list.find((r) => r.key === 'administrator')).toMatchObject({ builtIn: true, ruleCount: 10, assignedCount: 1 });
    expect(list.find((r) => r.id === id)).toMatchObject({ builtIn: false, ruleCount: 1, assignedCount: 2, name: 'AAA custom' });
    expect(list.findIndex((r) => r.id === id)).toBeGreaterThan(list.findIndex((r) => r.key === 'auditor'));
  });

  it('filters in SQL by the read conditions of the actor', async () => {
    const viewer = await actorWithRules(t.db, [{ action: 'read', subject: 'Role', conditions: { builtIn: false } }]);
    const list = await listRoles(t.db, viewer);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => !r.builtIn)).toBe(true);
  });

  it('refuses people who may not read roles, with one authz.denied', async () => {
    const nobody = await actorWithRules(t.db, [{ action: 'read', subject: 'Transaction' }]);
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(listRoles(t.db, nobody)).rejects.toMatchObject({ status: 403 });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 1);
  });
});

describe('getRole', () => {
  it('returns the rules, the version and what the actor may do', async () => {
    const auditor = await roleByKey(t.db, 'auditor');
    const role = await getRole(t.db, admin.actor, auditor.id);
    expect(role).toMatchObject({ key: 'auditor', builtIn: true, updatedAt: auditor.updatedAt.toISOString(), can: { update: true, delete: false } });
    expect(role.rules).toEqual(auditor.rules);
  });

  it('answers 404 for roles the actor may not see and unknown ids, auditing each', async () => {
    const viewer = await actorWithRules(t.db, [{ action: 'read', subject: 'Role', conditions: { builtIn: false } }]);
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(getRole(t.db, viewer, (await roleByKey(t.db, 'auditor')).id)).rejects.toMatchObject({ status: 404 });
    await expect(getRole(t.db, admin.actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 2);
  });
});

describe('getPermissionMatrix', () => {
  it('has a row per subject and applicable action and a cell per role', async () => {
    const matrix = await getPermissionMatrix(t.db, admin.actor);
    const col = matrix.roles.findIndex((r) => r.name === 'Auditor');
    const cell = (subject: string, action: string) => matrix.rows.find((r) => r.subject === subject && r.action === action)?.cells[col];
    expect(cell('AuditEvent', 'export')).toEqual({ state: 'allowed', conditions: [] });
    expect(cell('Staff', 'read')).toEqual({ state: 'conditional', conditions: ['only fields: id, name'] });
    expect(cell('Transaction', 'release')).toEqual({ state: 'denied', conditions: [] });
    expect(matrix.rows.every((r) => r.cells.length === matrix.roles.length)).toBe(true);
  });
});
