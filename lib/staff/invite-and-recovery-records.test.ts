/**
 * Findings 10 and 12 (revokeInvite) of the authz review: the recovery link and request, and
 * revoking an invite, honour the conditions of the actor's grants on the record they aim at.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests, invites, roles, staffRecoveryTickets } from '@/db/schema';
import { approveByTwoAdministrators, createSigner } from '@/lib/approvals/testing/approval-fixtures';
import { sha256Hex } from '@/lib/auth/tokens';
import { staffWithRole } from '@/lib/review/review-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { revokeInvite } from './invites';
import { issueRecoveryLink } from './passkey-recovery';
import { requestPasskeyRecovery } from './request-passkey-recovery';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const REGIONAL_ADMIN = [{ action: 'read', subject: 'Staff' }, { action: 'update', subject: 'Staff', conditions: { region: '${actor.region}' } }];
const recoveryRequests = async () => (await t.db.select().from(approvalRequests).where(eq(approvalRequests.actionType, 'staff.passkey-recovery'))).length;

describe('passkey recovery checks the person', () => {
  it('refuses a region-limited actor the request and the link for someone in another region; nothing changes', async () => {
    const eu = await staffWithRole(t.db, { rules: REGIONAL_ADMIN }, { region: 'EU' });
    const usAdmin = await staffWithRole(t.db, 'administrator', { region: 'US' });
    const before = await recoveryRequests();
    await expect(requestPasskeyRecovery(t.db, await eu.actor(), { staffId: usAdmin.staffId, reason: 'lost phone' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await recoveryRequests()).toBe(before);

    // An executed recovery of the US administrator, asked for by another administrator.
    const requester = await createSigner(t.db, ['administrator'], 'Rhea Requester');
    const req = await requestPasskeyRecovery(t.db, await requester.actor(), { staffId: usAdmin.staffId, reason: 'lost phone' });
    await approveByTwoAdministrators(t.db, req.id);
    await expect(issueRecoveryLink(t.db, await eu.actor(), { requestId: req.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [ticket] = await t.db.select().from(staffRecoveryTickets).where(eq(staffRecoveryTickets.requestId, req.id));
    expect(ticket).toMatchObject({ tokenHash: null, issuedAt: null });
    // The requester, who may update that person, still issues it.
    expect((await issueRecoveryLink(t.db, await requester.actor(), { requestId: req.id })).url).toContain('/recover/');
  });

  it('lets the region-limited actor ask for recovery of someone in their region', async () => {
    const eu = await staffWithRole(t.db, { rules: REGIONAL_ADMIN }, { region: 'EU' });
    const colleague = await staffWithRole(t.db, 'auditor', { region: 'EU' });
    expect(await requestPasskeyRecovery(t.db, await eu.actor(), { staffId: colleague.staffId, reason: 'lost phone' })).toMatchObject({ id: expect.any(String) });
  });
});

describe('revokeInvite checks the invite', () => {
  it('"delete Invite where invitedById = me" revokes only the actor\'s own invites', async () => {
    const hr = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Invite' }, { action: 'delete', subject: 'Invite', conditions: { invitedById: '${actor.id}' } }] });
    const other = await staffWithRole(t.db, 'administrator');
    const [auditor] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'auditor'));
    const invite = async (createdBy: string) =>
      (await t.db.insert(invites).values({ name: 'Ivy', email: `ivy-${randomUUID().slice(0, 6)}@example.test`, roleId: auditor!.id, tokenHash: sha256Hex(randomBytes(32)), createdBy, expiresAt: new Date(Date.now() + 3600_000) }).returning())[0]!;
    const theirs = await invite(other.staffId);
    await expect(revokeInvite(t.db, await hr.actor(), theirs.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.db.select().from(invites).where(eq(invites.id, theirs.id)))[0]!.revokedAt).toBeNull();
    const mine = await invite(hr.staffId);
    await revokeInvite(t.db, await hr.actor(), mine.id);
    expect((await t.db.select().from(invites).where(eq(invites.id, mine.id)))[0]!.revokedAt).toBeInstanceOf(Date);
  });
});
