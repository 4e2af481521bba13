/**
 * Findings 3, 4 and 11 of the authz review: conditions and field rules on Role and Staff grants
 * hold on the record, not only on the subject type (a conditional grant matching nobody else
 * must not act on everybody).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { roles, staff, staffRoles } from '@/db/schema';
import { approveByTwoAdministrators } from '@/lib/approvals/testing/approval-fixtures';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { staffWithRole } from '@/lib/review/review-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { assignStaffRoles } from './assign-staff-roles';
import { getStaffMember } from './get-staff-member';
import { setStaffStatus } from './staff-directory';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const roleId = async (key: string) => (await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, key)))[0]!.id;
const keysOf = async (staffId: string) =>
  (await t.db.select({ key: roles.key }).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).where(eq(staffRoles.staffId, staffId))).map((r) => r.key).sort();
const statusOf = async (staffId: string) => (await t.db.select({ status: staff.status }).from(staff).where(eq(staff.id, staffId)))[0]!.status;
const roleKeyOf = async (staffId: string) => (await keysOf(staffId))[0]!;

/** May hand out only roles they hold, to anyone they can read. */
const HOLDS_ONLY = [
  { action: 'assign', subject: 'Role', conditions: { key: { $in: '${actor.roleKeys}' } } },
  { action: ['read', 'assign'], subject: 'Staff' },
];

describe('assignStaffRoles checks each role added or removed, and the person', () => {
  it('refuses to add or remove roles the actor may not assign; nothing changes and the refusal is audited', async () => {
    const lead = await staffWithRole(t.db, { rules: HOLDS_ONLY });
    const target = await staffWithRole(t.db, 'ops-approver');
    const denied = await auditCount(t.db, 'authz.denied');
    const actor = await lead.actor();
    await expect(assignStaffRoles(t.db, actor, { staffId: target.staffId, roleIds: [await roleId('ops-approver'), await roleId('auditor')] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(assignStaffRoles(t.db, actor, { staffId: target.staffId, roleIds: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await keysOf(target.staffId)).toEqual(['ops-approver']);
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 2);
  });

  it('still hands out and takes back the roles the actor holds', async () => {
    const lead = await staffWithRole(t.db, { rules: HOLDS_ONLY });
    const own = await roleKeyOf(lead.staffId);
    const target = await staffWithRole(t.db, own);
    expect(await assignStaffRoles(t.db, await lead.actor(), { staffId: target.staffId, roleIds: [] })).toEqual({ added: [], removed: [own] });
    // The custom role may assign roles (privileged): giving it back waits for two administrators.
    const back = await assignStaffRoles(t.db, await lead.actor(), { staffId: target.staffId, roleIds: [await roleId(own)] });
    expect(back.approvalRequestId).toEqual(expect.any(String));
    expect(await approveByTwoAdministrators(t.db, back.approvalRequestId!)).toMatchObject({ status: 'executed' });
    expect(await keysOf(target.staffId)).toEqual([own]);
  });

  it('refuses a person outside the region of the actor\'s "assign Staff" grant', async () => {
    const lead = await staffWithRole(t.db, { rules: [{ action: 'assign', subject: 'Role' }, { action: 'read', subject: 'Staff' }, { action: 'assign', subject: 'Staff', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const us = await staffWithRole(t.db, 'ops-approver', { region: 'US' });
    await expect(assignStaffRoles(t.db, await lead.actor(), { staffId: us.staffId, roleIds: [await roleId('auditor')] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await keysOf(us.staffId)).toEqual(['ops-approver']);
    const eu = await staffWithRole(t.db, 'ops-approver', { region: 'EU' });
    expect(await assignStaffRoles(t.db, await lead.actor(), { staffId: eu.staffId, roleIds: [await roleId('auditor')] })).toEqual({ added: ['auditor'], removed: ['ops-approver'] });
  });

  it('fails an approved request when the requester may no longer assign those roles; nothing is applied', async () => {
    const lead = await staffWithRole(t.db, { rules: [{ action: 'assign', subject: 'Role' }, { action: ['read', 'assign'], subject: 'Staff' }] });
    const target = await staffWithRole(t.db, 'auditor');
    const asked = await assignStaffRoles(t.db, await lead.actor(), { staffId: target.staffId, roleIds: [await roleId('administrator')] });
    await t.db.update(roles).set({ rules: HOLDS_ONLY as never }).where(eq(roles.key, await roleKeyOf(lead.staffId)));
    expect(await approveByTwoAdministrators(t.db, asked.approvalRequestId!)).toMatchObject({ status: 'failed' });
    expect(await keysOf(target.staffId)).toEqual(['auditor']);
  });
});

describe('setStaffStatus checks the person', () => {
  it('a region-limited manager cannot disable someone in another region (404 when unreadable, 403 when readable)', async () => {
    const hidden = await staffWithRole(t.db, { rules: [{ action: ['read', 'update'], subject: 'Staff', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const seen = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Staff' }, { action: 'update', subject: 'Staff', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const us = await staffWithRole(t.db, 'auditor', { region: 'US' });
    await expect(setStaffStatus(t.db, await hidden.actor(), { staffId: us.staffId, status: 'disabled' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setStaffStatus(t.db, await seen.actor(), { staffId: us.staffId, status: 'disabled' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await statusOf(us.staffId)).toBe('active');
    const eu = await staffWithRole(t.db, 'auditor', { region: 'EU' });
    await setStaffStatus(t.db, await hidden.actor(), { staffId: eu.staffId, status: 'disabled' });
    expect(await statusOf(eu.staffId)).toBe('disabled');
  });
});

describe('getStaffMember checks the person and applies field rules', () => {
  it('answers 404 for a person outside the reader\'s conditions, and blanks fields the reader may not see', async () => {
    const regional = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Staff', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const us = await staffWithRole(t.db, 'auditor', { region: 'US' });
    await expect(getStaffMember(t.db, await regional.actor(), us.staffId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const eu = await staffWithRole(t.db, 'auditor', { region: 'EU' });
    expect(await getStaffMember(t.db, await regional.actor(), eu.staffId)).toMatchObject({ id: eu.staffId, email: expect.stringContaining('@example.test') });

    const namesOnly = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Staff', fields: ['id', 'name', 'status'] }] });
    const view = await getStaffMember(t.db, await namesOnly.actor(), us.staffId);
    expect(view).toMatchObject({ id: us.staffId, name: expect.stringMatching(/^Reviewer/), email: '', createdAt: null });
  });
});
