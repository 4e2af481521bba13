/**
 * Finding 2 of the authz review: an invite offering a role with privileged permissions is the
 * same grant as assigning that role, so it waits for two administrators (after the bootstrap),
 * and offering a role needs `assign` on it. The tests run in order on one database.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests, auditEvents, invites, roles, staffRoles } from '@/db/schema';
import { createApprovalRequest } from '@/lib/approvals/create-approval-request';
import { approveByTwoAdministrators, requestRow } from '@/lib/approvals/testing/approval-fixtures';
import { signInWithEnrolmentTicket } from '@/lib/auth/sign-in';
import { addedPrivileges } from '@/lib/roles/privileged-grants';
import { staffWithRole } from '@/lib/review/review-test-helpers';
import { actorFor, meta, newAuthenticator, withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { finishInviteEnrolment, startInviteEnrolment } from './accept-invite';
import { createInvite, submitInvite } from './invites';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const roleId = async (key: string) => (await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, key)))[0]!.id;
const adminActor = () => actorFor(t.db, admin.session.id);
const person = (label: string) => ({ name: `${label} Person`, email: `${label.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test`, submissionId: randomUUID() });
const inviteCount = async () => (await t.db.select({ id: invites.id }).from(invites)).length;
const requestCount = async () => (await t.db.select({ id: approvalRequests.id }).from(approvalRequests)).length;

async function enrol(url: string, email: string) {
  const token = url.split('/invite/')[1]!;
  const options = await startInviteEnrolment(t.db, { token, bindingHash: email });
  const { staffId, ticket } = await finishInviteEnrolment(t.db, { token, response: newAuthenticator().register(options.challenge), bindingHash: email, meta: meta() });
  await signInWithEnrolmentTicket(t.db, { ticket, bindingHash: email, meta: meta() });
  return staffId;
}

describe('privileged invites', () => {
  it('counts "create Invite" as a privileged permission, so a role holding it needs approval itself', () => {
    expect(addedPrivileges([], [{ action: 'create', subject: 'Invite' }])).toEqual(['create Invite']);
    expect(addedPrivileges([], [{ action: 'read', subject: 'Invite' }])).toEqual([]);
  });

  it('refuses a role holding only "create Invite" to offer Administrator (no assign on the role); nothing is created', async () => {
    const hr = await staffWithRole(t.db, { rules: [{ action: 'create', subject: 'Invite' }] });
    const [before, requests] = [await inviteCount(), await requestCount()];
    await expect(submitInvite(t.db, await hr.actor(), { ...person('Mallory'), roleId: await roleId('administrator') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const lead = await staffWithRole(t.db, { rules: [{ action: 'create', subject: 'Invite' }, { action: 'assign', subject: 'Role', conditions: { key: { $in: '${actor.roleKeys}' } } }] });
    await expect(submitInvite(t.db, await lead.actor(), { ...person('Mallet'), roleId: await roleId('auditor') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect([await inviteCount(), await requestCount()]).toEqual([before, requests]);
  });

  it('lets the first administrator invite colleagues at once only until enough could approve (pending invites count): bootstrap', async () => {
    const first = await createInvite(t.db, await adminActor(), { ...person('Boot1'), roleId: await roleId('administrator') });
    const second = await submitInvite(t.db, await adminActor(), { ...person('Boot2'), roleId: await roleId('administrator') });
    expect(first.url).toContain('/invite/');
    expect(second).toMatchObject({ url: expect.stringContaining('/invite/') });
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'invite.created'), eq(auditEvents.targetId, first.inviteId)));
    expect(event!.reason).toMatch(/bootstrap/);
    // Two administrators could now approve (once enrolled): the third waits for them.
    const before = await inviteCount();
    await expect(createInvite(t.db, await adminActor(), { ...person('Boot3'), roleId: await roleId('administrator') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const third = await submitInvite(t.db, await adminActor(), { ...person('Boot3'), roleId: await roleId('compliance-officer') });
    expect(third).toEqual({ approvalRequestId: expect.any(String) });
    expect(await inviteCount()).toBe(before);
  });

  it('a non-privileged role is still invited at once', async () => {
    const created = await submitInvite(t.db, await adminActor(), { ...person('Audrey'), roleId: await roleId('auditor') });
    expect(created).toMatchObject({ url: expect.stringContaining('/invite/'), reissued: false });
  });

  it('creates the invite only when two administrators approve; the requester then gets the link by submitting the form again', async () => {
    const mallory = person('Newadmin');
    const input = { ...mallory, roleId: await roleId('administrator') };
    const asked = await submitInvite(t.db, await adminActor(), input);
    if (!('approvalRequestId' in asked)) throw new Error('expected an approval request');
    const request = await requestRow(t.db, asked.approvalRequestId);
    expect(request).toMatchObject({ actionType: 'staff.privileged-invite', status: 'pending' });
    expect(request.summary).toBe(`Invite Newadmin Person <${mallory.email}> as administrator. Adds privileged permissions: role administrator.`);
    expect(await t.db.select().from(invites).where(eq(invites.email, mallory.email))).toEqual([]);

    expect(await approveByTwoAdministrators(t.db, asked.approvalRequestId)).toMatchObject({ status: 'executed' });
    const [created] = await t.db.select().from(invites).where(eq(invites.email, mallory.email));
    expect(created).toMatchObject({ createdBy: admin.staffId, acceptedAt: null });

    const link = await submitInvite(t.db, await adminActor(), { ...input, submissionId: randomUUID() });
    expect(link).toMatchObject({ inviteId: created!.id, reissued: true });
    const staffId = await enrol((link as { url: string }).url, mallory.email);
    const held = await t.db.select({ key: roles.key }).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).where(eq(staffRoles.staffId, staffId));
    expect(held.map((r) => r.key)).toEqual(['administrator']);
  });

  it('refuses a request whose payload names another role than the one it offers; nothing is opened', async () => {
    const before = await requestCount();
    const payload = { ...person('Liar'), roleId: await roleId('administrator'), roleKey: 'auditor', addedPrivileges: ['role auditor'] };
    delete (payload as { submissionId?: string }).submissionId;
    await expect(createApprovalRequest(t.db, await adminActor(), { actionType: 'staff.privileged-invite', payload, reason: 'new colleague' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await requestCount()).toBe(before);
  });
});
