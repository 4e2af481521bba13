import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, invites, roles, staffRoles } from '@/db/schema';
import { type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createInvite } from '@/lib/staff/invites';
import { createRole } from './create-role';
import { deleteRole } from './delete-role';
import { actorWithRules, assignRole, auditCount, roleByKey } from './role-test-helpers';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function freshRole() {
  const key = `doomed-${Math.random().toString(36).slice(2, 8)}`;
  const { id } = await createRole(t.db, admin.actor, { key, name: `Doomed ${key}`, rules: [{ action: 'read', subject: 'Transaction' }] });
  return { id, key };
}
const exists = async (id: string) => (await t.db.select().from(roles).where(eq(roles.id, id))).length === 1;

describe('deleteRole', () => {
  it('deletes an unassigned custom role and audits its last rules', async () => {
    const role = await freshRole();
    await deleteRole(t.db, admin.actor, role.id);
    expect(await exists(role.id)).toBe(false);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, role.id)).orderBy(auditEvents.seq);
    expect(events.map((e) => e.action)).toEqual(['role.created', 'role.deleted']);
    expect(events[1]).toMatchObject({ data: { key: role.key }, before: { rules: [{ action: 'read', subject: 'Transaction' }] } });
  });

  it('refuses while the role is assigned, saying so, and keeps it', async () => {
    const role = await freshRole();
    const holder = await assignRole(t.db, role.id);
    const audits = await auditCount(t.db, 'role.deleted');
    await expect(deleteRole(t.db, admin.actor, role.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/assigned to 1 staff member\b/) });
    expect(await exists(role.id)).toBe(true);
    expect(await auditCount(t.db, 'role.deleted')).toBe(audits);
    await t.db.delete(staffRoles).where(eq(staffRoles.staffId, holder));
    await expect(deleteRole(t.db, admin.actor, role.id)).resolves.toBeUndefined();
  });

  it('refuses while a pending invite offers the role', async () => {
    const role = await freshRole();
    await createInvite(t.db, admin.actor, { name: 'Ivy Invitee', email: 'ivy@example.test', roleId: role.id, submissionId: randomUUID() });
    await expect(deleteRole(t.db, admin.actor, role.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/pending invite/) });
    await t.db.update(invites).set({ revokedAt: new Date() }).where(eq(invites.roleId, role.id));
    await expect(deleteRole(t.db, admin.actor, role.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/past invites/) });
    expect(await exists(role.id)).toBe(true);
  });

  it('never deletes a built-in role', async () => {
    const auditor = await roleByKey(t.db, 'auditor');
    await expect(deleteRole(t.db, admin.actor, auditor.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/built-in/) });
    expect(await exists(auditor.id)).toBe(true);
  });

  it('refuses people without the delete permission (403, one authz.denied) and unknown or malformed ids (404)', async () => {
    const role = await freshRole();
    const reader = await actorWithRules(t.db, [{ action: 'read', subject: 'Role' }]);
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(deleteRole(t.db, reader, role.id)).rejects.toMatchObject({ status: 403 });
    await expect(deleteRole(t.db, admin.actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(deleteRole(t.db, admin.actor, 'not-a-uuid')).rejects.toMatchObject({ status: 404 });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 3);
    expect(await exists(role.id)).toBe(true);
  });
});
