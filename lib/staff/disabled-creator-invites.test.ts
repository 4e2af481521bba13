/** An invite carries its creator's authority: disabling the creator revokes their open invites. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, invites, roles } from '@/db/schema';
import { createSigner } from '@/lib/approvals/testing/approval-fixtures';
import { actorFor, withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { startInviteEnrolment } from './accept-invite';
import { submitInvite } from './invites';
import { setStaffStatus } from './staff-directory';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const auditorRoleId = async () => (await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'auditor')))[0]!.id;
const person = (label: string) => ({ name: `${label} Person`, email: `${label.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test`, submissionId: randomUUID(), roleId: '' });

describe('disabling an invite creator', () => {
  it('revokes their open invites (audited), so the links stop working; invites by others stay open', async () => {
    const creator = await createSigner(t.db, ['administrator'], 'Cleo Creator');
    const roleId = await auditorRoleId();
    const theirs = await submitInvite(t.db, await creator.actor(), { ...person('Theirs'), roleId });
    const others = await submitInvite(t.db, await actorFor(t.db, admin.session.id), { ...person('Others'), roleId });
    await setStaffStatus(t.db, await actorFor(t.db, admin.session.id), { staffId: creator.staffId, status: 'disabled' });

    const token = (created: typeof theirs) => {
      if (!('url' in created)) throw new Error('an auditor invite is created at once, without an approval request');
      return created.url.split('/invite/')[1]!;
    };
    await expect(startInviteEnrolment(t.db, { token: token(theirs), bindingHash: 'b' })).rejects.toMatchObject({ code: 'GONE' });
    await expect(startInviteEnrolment(t.db, { token: token(others), bindingHash: 'c' })).resolves.toBeDefined();
    const revokedRows = await t.db.select().from(invites).where(eq(invites.createdBy, creator.staffId));
    expect(revokedRows.every((r) => r.revokedAt !== null && r.revokedBy === admin.staffId)).toBe(true);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'invite.revoked'));
    expect(events.filter((e) => e.reason === 'its creator was disabled').map((e) => e.targetId)).toEqual(revokedRows.map((r) => r.id));
  });
});
