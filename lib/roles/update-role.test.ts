import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, roles, type TRoleRule } from '@/db/schema';
import { type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { BUILT_IN_ROLES } from '@/lib/permissions/built-in-roles';
import { approveByTwoAdministrators } from '@/lib/approvals/testing/approval-fixtures';
import { createRole } from './create-role';
import { actorWithRules, auditCount, roleByKey, withStalePasskey } from './role-test-helpers';
import { updateRole } from './update-role';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const read = (subject: string): TRoleRule => ({ action: 'read', subject });

async function freshRole(rules: TRoleRule[] = [read('Transaction')]) {
  const key = `role-${Math.random().toString(36).slice(2, 8)}`;
  const { id, approvalRequestId } = await createRole(t.db, admin.actor, { key, name: `Role ${key}`, rules, acknowledgeSod: true });
  // A role with privileged grants exists only once two administrators approved it.
  if (approvalRequestId) await approveByTwoAdministrators(t.db, approvalRequestId);
  const [row] = await t.db.select().from(roles).where(eq(roles.id, id));
  return { id, updatedAt: row!.updatedAt.toISOString(), key };
}

const edit = (role: { id: string; updatedAt: string }, rules: TRoleRule[], extra: Record<string, unknown> = {}) => ({ id: role.id, updatedAt: role.updatedAt, name: 'Edited', description: 'Now edited', rules, ...extra });

async function stored(id: string) {
  const [row] = await t.db.select().from(roles).where(eq(roles.id, id));
  return row!;
}

describe('updateRole', () => {
  it('saves name, description and rules, moves the version on, and audits before and after', async () => {
    const role = await freshRole();
    const result = await updateRole(t.db, admin.actor, edit(role, [read('AuditEvent')]));
    expect(Date.parse(result.updatedAt)).toBeGreaterThan(Date.parse(role.updatedAt));
    expect(await stored(role.id)).toMatchObject({ name: 'Edited', description: 'Now edited', rules: [read('AuditEvent')], key: role.key });
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'role.updated'), eq(auditEvents.targetId, role.id)));
    expect(event).toMatchObject({ data: { key: role.key }, before: { rules: [read('Transaction')] }, after: { rules: [read('AuditEvent')], name: 'Edited' } });
  });

  it('never changes the key', async () => {
    const role = await freshRole();
    await expect(updateRole(t.db, admin.actor, edit(role, [], { key: 'renamed' }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await stored(role.id)).key).toBe(role.key);
  });

  it('refuses a save over a newer version with CONFLICT, changing and auditing nothing', async () => {
    const role = await freshRole();
    await updateRole(t.db, admin.actor, edit(role, [read('Staff')]));
    const audits = await auditCount(t.db, 'role.updated');
    await expect(updateRole(t.db, admin.actor, edit(role, [read('Invite')]))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed this role/) });
    expect((await stored(role.id)).rules).toEqual([read('Staff')]);
    expect(await auditCount(t.db, 'role.updated')).toBe(audits);
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const role = await freshRole();
    const results = await Promise.allSettled([updateRole(t.db, admin.actor, edit(role, [read('Staff')])), updateRole(t.db, admin.actor, edit(role, [read('Invite')]))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
  });

  it('refuses invalid rules with a 422 naming each bad rule path', async () => {
    const role = await freshRole();
    const error = await updateRole(t.db, admin.actor, edit(role, [read('Transaction'), { action: 'read', subject: 'Transaction', conditions: { __proto__x: 1, constructor: 1 } }])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    expect((error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['rules.1.conditions.__proto__x', 'rules.1.conditions.constructor']),
    );
    expect((await stored(role.id)).name).not.toBe('Edited');
  });

  it('refuses people without the update permission (403, one authz.denied) and unknown ids (404)', async () => {
    const role = await freshRole();
    const reader = await actorWithRules(t.db, [read('Role')]);
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(updateRole(t.db, reader, edit(role, []))).rejects.toMatchObject({ status: 403 });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 1);
    await expect(updateRole(t.db, admin.actor, edit({ ...role, id: '00000000-0000-4000-8000-000000000000' }, []))).rejects.toMatchObject({ status: 404 });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 2);
    expect((await stored(role.id)).name).not.toBe('Edited');
  });

  it('honours conditions on the update grant: custom roles only', async () => {
    const editor = await actorWithRules(t.db, [read('Role'), { action: 'update', subject: 'Role', conditions: { builtIn: false } }]);
    const auditor = await roleByKey(t.db, 'auditor');
    await expect(updateRole(t.db, editor, edit({ id: auditor.id, updatedAt: auditor.updatedAt.toISOString() }, []))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await roleByKey(t.db, 'auditor')).rules).toHaveLength(3);
    await expect(updateRole(t.db, editor, edit(await freshRole(), [read('Staff')]))).resolves.toBeTruthy();
  });

  describe('Administrator guardrail', () => {
    const adminRules = BUILT_IN_ROLES[0]!.rules;
    const attempts: [string, TRoleRule[]][] = [
      ['drops manage Staff', adminRules.filter((r) => r.subject !== 'Staff')],
      ['limits manage Role by conditions', adminRules.map((r) => (r.subject === 'Role' ? { ...r, conditions: { builtIn: false } } : r))],
      ['limits manage Staff to some fields', adminRules.map((r) => (r.subject === 'Staff' ? { ...r, fields: ['name'] } : r))],
      ['adds a denial on Role', [...adminRules, { action: 'delete', subject: 'Role', inverted: true }]],
    ];
    it.each(attempts)('refuses an edit that %s, saving nothing', async (_what, rules) => {
      const role = await roleByKey(t.db, 'administrator');
      const audits = await auditCount(t.db, 'role.updated');
      await expect(updateRole(t.db, admin.actor, { id: role.id, updatedAt: role.updatedAt.toISOString(), name: 'Administrator', rules })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/must keep/),
      });
      expect((await roleByKey(t.db, 'administrator')).rules).toEqual(adminRules);
      expect(await auditCount(t.db, 'role.updated')).toBe(audits);
    });

    it('allows other edits of the Administrator role', async () => {
      const role = await roleByKey(t.db, 'administrator');
      const rules = adminRules.filter((r) => r.subject !== 'CspReport');
      await updateRole(t.db, admin.actor, { id: role.id, updatedAt: role.updatedAt.toISOString(), name: 'Administrator', rules });
      expect((await roleByKey(t.db, 'administrator')).rules).toEqual(rules);
    });
  });

  describe('step-up for added privileges', () => {
    const cases: [string, TRoleRule[], TRoleRule[]][] = [
      ['adds manage Settings', [read('Settings')], [{ action: 'manage', subject: 'Settings' }]],
      ['adds reveal CustomerPII', [read('Transaction')], [read('Transaction'), { action: 'reveal', subject: 'CustomerPII' }]],
      ['widens a conditional approve', [{ action: 'approve', subject: 'ApprovalRequest', conditions: { amountMinor: { $lte: 100 } } }], [{ action: 'approve', subject: 'ApprovalRequest' }]],
      ['removes a denial of a privileged permission', [{ action: 'manage', subject: 'Staff' }, { action: 'delete', subject: 'Staff', inverted: true }], [{ action: 'manage', subject: 'Staff' }]],
    ];
    it.each(cases)('applies nothing but opens an approval request when the change %s; two administrators apply it', async (_what, before, after) => {
      const role = await freshRole(before);
      const audits = await auditCount(t.db, 'role.updated');
      const result = await updateRole(t.db, admin.actor, edit(role, after));
      expect(result.approvalRequestId).toBeDefined();
      expect((await stored(role.id)).rules).toEqual(before);
      expect(await auditCount(t.db, 'role.updated')).toBe(audits);
      await approveByTwoAdministrators(t.db, result.approvalRequestId!);
      expect((await stored(role.id)).rules).toEqual(after);
      expect(await auditCount(t.db, 'role.updated')).toBe(audits + 1);
    });

    it('a fresh passkey confirmation no longer applies a privileged change directly', async () => {
      const role = await freshRole([read('Settings')]);
      expect((await updateRole(t.db, admin.actor, edit(role, [{ action: 'manage', subject: 'Settings' }]))).approvalRequestId).toBeDefined();
      const stale = await withStalePasskey(t.db, admin.actor);
      expect((await updateRole(t.db, stale, edit(role, [{ action: 'manage', subject: 'Settings' }]))).approvalRequestId).toBeDefined();
      expect((await stored(role.id)).rules).toEqual([read('Settings')]);
    });

    it('fails the approved change, applying nothing, when the role changed after the request', async () => {
      const role = await freshRole([read('Settings')]);
      const { approvalRequestId } = await updateRole(t.db, admin.actor, edit(role, [{ action: 'manage', subject: 'Settings' }]));
      const renamed = await updateRole(t.db, admin.actor, edit(role, [read('Settings')], { name: 'Renamed meanwhile' }));
      expect(renamed.approvalRequestId).toBeUndefined();
      expect(await approveByTwoAdministrators(t.db, approvalRequestId!)).toMatchObject({ status: 'failed', error: expect.stringMatching(/changed after this request/) });
      expect(await stored(role.id)).toMatchObject({ name: 'Renamed meanwhile', rules: [read('Settings')] });
    });

    it('does not ask when privileges only shrink or stay', async () => {
      const role = await freshRole([{ action: 'approve', subject: 'ApprovalRequest' }, read('Transaction')]);
      const stale = await withStalePasskey(t.db, admin.actor);
      const renamed = await updateRole(t.db, stale, edit(role, [{ action: 'approve', subject: 'ApprovalRequest' }, read('Transaction')]));
      await expect(updateRole(t.db, stale, edit({ id: role.id, updatedAt: renamed.updatedAt }, [read('Transaction')]))).resolves.toBeTruthy();
    });
  });

  it('needs the separation-of-duties acknowledgement and records it', async () => {
    const role = await freshRole();
    const rules: TRoleRule[] = [{ action: ['create', 'release'], subject: 'Transaction' }];
    await expect(updateRole(t.db, admin.actor, edit(role, rules))).rejects.toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'acknowledgeSod' }] } });
    expect((await stored(role.id)).rules).toEqual([read('Transaction')]);
    await updateRole(t.db, admin.actor, edit(role, rules, { acknowledgeSod: true }));
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'role.updated'), eq(auditEvents.targetId, role.id))).orderBy(desc(auditEvents.seq)).limit(1);
    expect(event?.data).toEqual({ key: role.key, sodAcknowledged: true });
  });
});
