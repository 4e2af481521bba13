import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, roles } from '@/db/schema';
import { type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { approveByTwoAdministrators, requestRow } from '@/lib/approvals/testing/approval-fixtures';
import { createRole } from './create-role';
import { actorWithRules, auditCount, withStalePasskey } from './role-test-helpers';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const reader = { action: 'read', subject: 'Transaction', conditions: { amountMinor: { $lte: 1_000_000 } }, reason: 'Small payments only' };
const rowsWithKey = async (key: string) => t.db.select().from(roles).where(eq(roles.key, key));

describe('createRole', () => {
  it('creates a role with a conditional rule and audits it in the same transaction', async () => {
    const before = await auditCount(t.db, 'role.created');
    const { id } = await createRole(t.db, admin.actor, { key: 'small-readers', name: 'Small readers', description: 'Read small payments', rules: [reader] });
    const [row] = await t.db.select().from(roles).where(eq(roles.id, id));
    expect(row).toMatchObject({ key: 'small-readers', builtIn: false, rules: [reader] });
    expect(await auditCount(t.db, 'role.created')).toBe(before + 1);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'role.created')).orderBy(desc(auditEvents.seq)).limit(1);
    expect(event).toMatchObject({ targetType: 'role', targetId: id, actorId: admin.staffId, data: { key: 'small-readers' }, after: { name: 'Small readers', rules: [reader] } });
  });

  it('refuses a taken key with CONFLICT and leaves one row', async () => {
    await expect(createRole(t.db, admin.actor, { key: 'small-readers', name: 'Another', rules: [] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await rowsWithKey('small-readers')).toHaveLength(1);
  });

  it('refuses bad names, keys and descriptions with every path, and saves nothing', async () => {
    const before = await auditCount(t.db, 'role.created');
    const error = await createRole(t.db, admin.actor, { key: 'Bad Key', name: 'x', description: 'y'.repeat(301), rules: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION', status: 422 });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['key', 'name', 'description']));
    expect(await auditCount(t.db, 'role.created')).toBe(before);
  });

  it('refuses invalid rules with 422 naming each bad rule path, and saves nothing', async () => {
    const rules = [reader, { action: 'release', subject: 'Role' }, { action: 'read', subject: 'Transaction', conditions: { amountMinor: { $where: 'x' } } }];
    const error = await createRole(t.db, admin.actor, { key: 'broken', name: 'Broken', rules }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['rules.1.action', 'rules.2.conditions.amountMinor.$where']));
    expect(await rowsWithKey('broken')).toHaveLength(0);
  });

  it('refuses people who may not create roles, audits the refusal once, and saves nothing', async () => {
    const auditor = await actorWithRules(t.db, [{ action: 'read', subject: 'Role' }]);
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(createRole(t.db, auditor, { key: 'sneaky', name: 'Sneaky', rules: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 1);
    expect(await rowsWithKey('sneaky')).toHaveLength(0);
  });

  it('honours conditions on the create grant (a record-level refusal)', async () => {
    const limited = await actorWithRules(t.db, [{ action: 'create', subject: 'Role', conditions: { key: { $in: ['allowed-key'] } } }]);
    await expect(createRole(t.db, limited, { key: 'other-key', name: 'Other', rules: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createRole(t.db, limited, { key: 'allowed-key', name: 'Allowed', rules: [] })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('creates a role with privileged permissions only when two administrators approve the request', async () => {
    const stale = await withStalePasskey(t.db, admin.actor);
    const input = { key: 'approvers-2', name: 'Approvers 2', rules: [{ action: 'approve', subject: 'ApprovalRequest' }], reason: 'new approver team' };
    const { id, approvalRequestId } = await createRole(t.db, stale, input);
    expect(approvalRequestId).toBeDefined();
    expect(await rowsWithKey('approvers-2')).toHaveLength(0);
    expect((await requestRow(t.db, approvalRequestId!)).summary).toMatch(/Create role "Approvers 2" \(approvers-2\).*approve ApprovalRequest/);
    // Roles without privileged grants are still created at once, even with a stale passkey.
    const plain = await createRole(t.db, stale, { key: 'readers-2', name: 'Readers 2', rules: [reader] });
    expect(plain.approvalRequestId).toBeUndefined();
    expect(await rowsWithKey('readers-2')).toHaveLength(1);
    await approveByTwoAdministrators(t.db, approvalRequestId!);
    expect(await rowsWithKey('approvers-2')).toMatchObject([{ id, rules: input.rules }]);
  });

  it('needs an acknowledgement for a separation-of-duties conflict, and audits it', async () => {
    const rules = [{ action: ['request', 'approve'], subject: 'ApprovalRequest' }];
    const error = await createRole(t.db, admin.actor, { key: 'self-approver', name: 'Self approver', rules }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'acknowledgeSod', message: expect.stringMatching(/request and approve/) }] } });
    expect(await rowsWithKey('self-approver')).toHaveLength(0);
    const { id, approvalRequestId } = await createRole(t.db, admin.actor, { key: 'self-approver', name: 'Self approver', rules, acknowledgeSod: true });
    await approveByTwoAdministrators(t.db, approvalRequestId!);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(event?.data).toEqual({ key: 'self-approver', sodAcknowledged: true });
  });
});
