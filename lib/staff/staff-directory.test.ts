import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, roles, staff, staffRoles } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { actorFor, meta, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import { signInWithEnrolmentTicket } from '@/lib/auth/sign-in';
import { finishInviteEnrolment, startInviteEnrolment } from './accept-invite';
import { createInvite } from './invites';
import { listStaff, setStaffStatus } from './staff-directory';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function enrol(email: string, roleKey: string) {
  const [role] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, roleKey));
  const { url } = await createInvite(t.db, await actorFor(t.db, admin.session.id), { name: 'Pat Person', email, roleId: role!.id, submissionId: randomUUID() });
  const token = url.split('/invite/')[1]!;
  const options = await startInviteEnrolment(t.db, { token, bindingHash: email });
  const { staffId, ticket } = await finishInviteEnrolment(t.db, { token, response: newAuthenticator().register(options.challenge), bindingHash: email, meta: meta() });
  return { staffId, session: await signInWithEnrolmentTicket(t.db, { ticket, bindingHash: email, meta: meta() }) };
}

describe('staff directory', () => {
  it('lists staff with their roles for administrators', async () => {
    const list = await listStaff(t.db, await actorFor(t.db, admin.session.id));
    expect(list.find((p) => p.id === admin.staffId)?.roles).toEqual(['Administrator']);
  });

  it('refuses staff without the permission to disable anyone, and nothing changes', async () => {
    const auditor = await enrol('auditor@example.test', 'auditor');
    await expect(setStaffStatus(t.db, await actorFor(t.db, auditor.session.id), { staffId: admin.staffId, status: 'disabled' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [row] = await t.db.select().from(staff).where(eq(staff.id, admin.staffId));
    expect(row!.status).toBe('active');
  });

  it('refuses disabling yourself', async () => {
    await expect(setStaffStatus(t.db, await actorFor(t.db, admin.session.id), { staffId: admin.staffId, status: 'disabled' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('never disables the last active administrator, even for someone allowed to update staff', async () => {
    const [custom] = await t.db
      .insert(roles)
      .values({ key: 'staff-manager', name: 'Staff manager', rules: [{ action: 'update', subject: 'Staff' }] })
      .returning();
    const manager = await enrol('manager@example.test', 'auditor');
    await t.db.insert(staffRoles).values({ staffId: manager.staffId, roleId: custom!.id });
    await expect(setStaffStatus(t.db, await actorFor(t.db, manager.session.id), { staffId: admin.staffId, status: 'disabled' })).rejects.toThrow(/last active administrator/);
    const [row] = await t.db.select().from(staff).where(eq(staff.id, admin.staffId));
    expect(row!.status).toBe('active');
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.disabled'))).toHaveLength(0);
  });
});

describe('refused access is audited', () => {
  it('writes exactly one authz.denied event for a refused action and changes nothing', async () => {
    const auditor = await enrol('auditor2@example.test', 'auditor');
    const before = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'));
    await expect(setStaffStatus(t.db, await actorFor(t.db, auditor.session.id), { staffId: admin.staffId, status: 'disabled' })).rejects.toMatchObject({ status: 403 });
    const after = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'));
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)).toMatchObject({ actorId: auditor.staffId, result: 'denied', targetId: admin.staffId, data: { action: 'update', subject: 'Staff', targetId: admin.staffId } });
  });

  it('answers a non-existent staff id with 404 and an authz.denied event', async () => {
    const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'))).length;
    await expect(setStaffStatus(t.db, await actorFor(t.db, admin.session.id), { staffId: '00000000-0000-4000-8000-000000000000', status: 'disabled' })).rejects.toMatchObject({ status: 404 });
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'))).length - before).toBe(1);
  });
});

describe('staff list is filtered in SQL and by field', () => {
  it('returns only the rows a conditional rule allows, and blanks fields the role may not read', async () => {
    const [selfOnly] = await t.db
      .insert(roles)
      .values({ key: 'self-lister', name: 'Self lister', rules: [{ action: 'read', subject: 'Staff', conditions: { id: '${actor.id}' }, fields: ['id', 'name'] }] })
      .returning();
    const viewer = await enrol('viewer@example.test', 'auditor');
    await t.db.delete(staffRoles).where(eq(staffRoles.staffId, viewer.staffId));
    await t.db.insert(staffRoles).values({ staffId: viewer.staffId, roleId: selfOnly!.id });
    const list = await listStaff(t.db, await actorFor(t.db, viewer.session.id));
    expect(list.map((p) => p.id)).toEqual([viewer.staffId]);
    expect(list[0]!.email).toBe('');
  });
});
