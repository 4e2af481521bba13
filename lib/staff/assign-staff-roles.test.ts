import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, roles, sessions, staff, staffRoles } from '@/db/schema';
import { simulateAccess } from '@/lib/authz/simulate-access';
import { signInWithEnrolmentTicket } from '@/lib/auth/sign-in';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { actorFor, ageSession, meta, newAuthenticator, setUpFirstAdmin } from '@/lib/testing/auth-factories';
import { finishInviteEnrolment, startInviteEnrolment } from './accept-invite';
import { assignStaffRoles } from './assign-staff-roles';
import { createInvite } from './invites';
import { approveByTwoAdministrators, requestRow } from '@/lib/approvals/testing/approval-fixtures';

let t: TTestDb;
let admin: Awaited<ReturnType<typeof setUpFirstAdmin>>;
const roleIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  admin = await setUpFirstAdmin(t.db);
  for (const r of await t.db.select({ id: roles.id, key: roles.key }).from(roles)) roleIds[r.key] = r.id;
});
afterAll(async () => t?.dispose());

async function enrol(email: string, roleKey: string) {
  const { url } = await createInvite(t.db, await adminActor(), { name: 'Sam Staff', email, roleId: roleIds[roleKey], submissionId: randomUUID() });
  const token = url.split('/invite/')[1]!;
  const options = await startInviteEnrolment(t.db, { token, bindingHash: email });
  const { staffId, ticket } = await finishInviteEnrolment(t.db, { token, response: newAuthenticator().register(options.challenge), bindingHash: email, meta: meta() });
  return { staffId, session: await signInWithEnrolmentTicket(t.db, { ticket, bindingHash: email, meta: meta() }) };
}
const adminActor = () => actorFor(t.db, admin.session.id);
const keysOf = async (staffId: string) =>
  (await t.db.select({ key: roles.key }).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).where(eq(staffRoles.staffId, staffId))).map((r) => r.key).sort();

describe('assigning roles', () => {
  it('replaces the role set, audits before/after, and the next request sees the new ability', async () => {
    const sam = await enrol('sam@example.test', 'auditor');
    const before = await actorFor(t.db, sam.session.id);
    expect(before.ability.can('read', 'Transaction')).toBe(true);
    expect(before.ability.can('review', 'Transaction')).toBe(false);
    // Compliance officers may approve approval requests (privileged): the change waits for two administrators.
    const result = await assignStaffRoles(t.db, await adminActor(), { staffId: sam.staffId, roleIds: [roleIds['compliance-officer']] });
    expect(result).toEqual({ added: [], removed: [], approvalRequestId: expect.any(String) });
    expect(await keysOf(sam.staffId)).toEqual(['auditor']);
    expect(await approveByTwoAdministrators(t.db, result.approvalRequestId!)).toMatchObject({ status: 'executed' });
    expect((await requestRow(t.db, result.approvalRequestId!)).result).toEqual({ staffId: sam.staffId, added: ['compliance-officer'], removed: ['auditor'], administrator: false });
    const after = await actorFor(t.db, sam.session.id);
    expect(after.ability.can('review', 'Transaction')).toBe(true);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'staff.roles_changed'), eq(auditEvents.targetId, sam.staffId)));
    expect(event!.before).toEqual({ roles: ['auditor'] });
    expect(event!.after).toEqual({ roles: ['compliance-officer'] });
  });

  it('refuses changing your own roles', async () => {
    await expect(assignStaffRoles(t.db, await adminActor(), { staffId: admin.staffId, roleIds: [] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await keysOf(admin.staffId)).toEqual(['administrator']);
  });

  it('refuses non-administrators with an authz.denied event and changes nothing', async () => {
    const sam = await enrol('sam2@example.test', 'auditor');
    const other = await enrol('other@example.test', 'auditor');
    await expect(assignStaffRoles(t.db, await actorFor(t.db, sam.session.id), { staffId: other.staffId, roleIds: [roleIds.administrator] })).rejects.toMatchObject({ status: 403 });
    expect(await keysOf(other.staffId)).toEqual(['auditor']);
  });

  it('grants a privileged role only through an approval by two other administrators, even with a fresh passkey', async () => {
    const pat = await enrol('pat@example.test', 'auditor');
    const { approvalRequestId } = await assignStaffRoles(t.db, await adminActor(), { staffId: pat.staffId, roleIds: [roleIds.administrator], reason: 'on-call cover' });
    expect(approvalRequestId).toBeDefined();
    expect(await keysOf(pat.staffId)).toEqual(['auditor']);
    const request = await requestRow(t.db, approvalRequestId!);
    expect(request).toMatchObject({ actionType: 'role.privileged-change', status: 'pending', reason: 'on-call cover' });
    expect(request.summary).toMatch(/Set the roles of Sam Staff to: administrator/);
    expect(await keysOf(pat.staffId)).toEqual(['auditor']);
    await approveByTwoAdministrators(t.db, approvalRequestId!);
    expect(await keysOf(pat.staffId)).toEqual(['administrator']);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'staff.roles_changed'), eq(auditEvents.targetId, pat.staffId)));
    expect(event).toMatchObject({ actorId: admin.staffId, reason: `approved request ${approvalRequestId}` });
  });

  it('an administrator whose passkey confirmation is stale can still only request, not apply, a privileged role', async () => {
    const lou = await enrol('lou@example.test', 'auditor');
    await ageSession(t.db, admin.session.id, 6 * 60);
    const { approvalRequestId, added } = await assignStaffRoles(t.db, await adminActor(), { staffId: lou.staffId, roleIds: [roleIds.administrator] });
    expect(approvalRequestId).toBeDefined();
    expect(added).toEqual([]);
    expect(await keysOf(lou.staffId)).toEqual(['auditor']);
    await t.db.update(sessions).set({ lastPasskeyAt: new Date() }).where(eq(sessions.id, admin.session.id));
  });

  it('asks for an acknowledgement when the combined roles break separation of duties, and audits it', async () => {
    const [both] = await t.db.insert(roles).values({ key: 'requester', name: 'Requester', rules: [{ action: 'request', subject: 'ApprovalRequest' }] }).returning();
    const quinn = await enrol('quinn@example.test', 'auditor');
    const input = { staffId: quinn.staffId, roleIds: [both!.id, roleIds['ops-approver']] };
    await expect(assignStaffRoles(t.db, await adminActor(), input)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/Separation of duties/) });
    expect(await keysOf(quinn.staffId)).toEqual(['auditor']);
    // Ops approvers may approve (privileged): the acknowledged change waits for two administrators.
    const { approvalRequestId } = await assignStaffRoles(t.db, await adminActor(), { ...input, acknowledgeSod: true });
    expect(await keysOf(quinn.staffId)).toEqual(['auditor']);
    await approveByTwoAdministrators(t.db, approvalRequestId!);
    expect(await keysOf(quinn.staffId)).toEqual(['ops-approver', 'requester']);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'staff.roles_changed'), eq(auditEvents.targetId, quinn.staffId)));
    expect(event!.data).toMatchObject({ sodAcknowledged: true });
  });

  it('keeps the last active administrator, even against someone allowed to assign roles', async () => {
    // Assigning needs `assign` on the person as well as on the roles (finding 3 of the authz review).
    const [assigner] = await t.db.insert(roles).values({ key: 'role-assigner', name: 'Role assigner', rules: [{ action: 'assign', subject: 'Role' }, { action: 'assign', subject: 'Staff' }] }).returning();
    const ada2 = await enrol('assigner@example.test', 'auditor');
    const { approvalRequestId } = await assignStaffRoles(t.db, await adminActor(), { staffId: ada2.staffId, roleIds: [assigner!.id] });
    await approveByTwoAdministrators(t.db, approvalRequestId!);
    // Every other administrator (approvers here and in earlier tests) leaves, so Ada is the last active one.
    const admins = await t.db.select({ id: staffRoles.staffId }).from(staffRoles).where(eq(staffRoles.roleId, roleIds.administrator!));
    await t.db.update(staff).set({ status: 'disabled' }).where(inArray(staff.id, admins.map((a) => a.id).filter((id) => id !== admin.staffId)));
    await expect(assignStaffRoles(t.db, await actorFor(t.db, ada2.session.id), { staffId: admin.staffId, roleIds: [roleIds.auditor] })).rejects.toThrow(/last active administrator/);
    expect(await keysOf(admin.staffId)).toContain('administrator');
  });
});

describe('access simulator', () => {
  it('explains an allowed decision by the role that granted it', async () => {
    const sim = await simulateAccess(t.db, await adminActor(), { staffId: admin.staffId, action: 'create', subject: 'Invite' });
    expect(sim).toMatchObject({ allowed: true, rule: { roleKey: 'administrator' } });
    expect(sim.reason).toMatch(/Allowed by role "administrator"/);
  });

  it('explains a default denial', async () => {
    const sim = await simulateAccess(t.db, await adminActor(), { staffId: admin.staffId, action: 'release', subject: 'Transaction' });
    expect(sim.allowed).toBe(false);
    expect(sim.reason).toMatch(/Denied by default/);
  });

  it('evaluates a conditional rule against a concrete record', async () => {
    const [own] = await t.db.insert(roles).values({ key: 'self-reader', name: 'Self reader', rules: [{ action: 'read', subject: 'Staff', conditions: { id: '${actor.id}' } }] }).returning();
    const rae = await enrol('rae@example.test', 'auditor');
    await assignStaffRoles(t.db, await adminActor(), { staffId: rae.staffId, roleIds: [own!.id] });
    expect((await simulateAccess(t.db, await adminActor(), { staffId: rae.staffId, action: 'read', subject: 'Staff', recordId: rae.staffId })).allowed).toBe(true);
    expect((await simulateAccess(t.db, await adminActor(), { staffId: rae.staffId, action: 'read', subject: 'Staff', recordId: admin.staffId })).allowed).toBe(false);
  });
});
