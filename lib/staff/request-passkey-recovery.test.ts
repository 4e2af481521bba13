import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests } from '@/db/schema';
import { approveByTwoAdministrators, createSigner, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { meta, newAuthenticator, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { findOpenRecovery, finishRecoveryEnrolment, issueRecoveryLink, startRecoveryEnrolment } from './passkey-recovery';
import { getStaffRecoveryState, requestPasskeyRecovery } from './request-passkey-recovery';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let admin: TSigner, lost: TSigner, ops: TSigner;

beforeAll(async () => {
  admin = await createSigner(t.db, ['administrator'], 'Ada Admin');
  lost = await createSigner(t.db, ['ops-approver'], 'Lena Lost');
  ops = await createSigner(t.db, ['ops-approver'], 'Otto Ops');
});

const recoveryRequests = async () => (await t.db.select().from(approvalRequests).where(eq(approvalRequests.actionType, 'staff.passkey-recovery'))).length;

describe('requestPasskeyRecovery', () => {
  it('refuses a reason holding a card number, a missing reason, people who may not update staff, an unknown person and oneself; nothing is created', async () => {
    const before = await recoveryRequests();
    const deniedBefore = await auditCount(t.db, 'authz.denied');
    await expect(requestPasskeyRecovery(t.db, await admin.actor(), { staffId: lost.staffId, reason: 'card 4111 1111 1111 1111 lost' })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/card number/i) });
    await expect(requestPasskeyRecovery(t.db, await admin.actor(), { staffId: lost.staffId, reason: ' ' })).rejects.toMatchObject({ status: 422 });
    await expect(requestPasskeyRecovery(t.db, await admin.actor(), { staffId: lost.staffId, reason: 'lost phone', staffName: 'Mallory' })).rejects.toMatchObject({ status: 422 });
    await expect(requestPasskeyRecovery(t.db, await ops.actor(), { staffId: lost.staffId, reason: 'lost phone' })).rejects.toMatchObject({ status: 403 });
    await expect(requestPasskeyRecovery(t.db, await admin.actor(), { staffId: randomUUID(), reason: 'lost phone' })).rejects.toMatchObject({ status: 404 });
    await expect(requestPasskeyRecovery(t.db, await admin.actor(), { staffId: admin.staffId, reason: 'lost phone' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await recoveryRequests()).toBe(before);
    expect(await auditCount(t.db, 'authz.denied')).toBe(deniedBefore + 2);
  });

  it('opens a two-administrator request named from the database; the state follows it from pending to link issued to used', async () => {
    expect(await getStaffRecoveryState(t.db, lost.staffId)).toEqual({ open: null, awaitingLink: null });
    const req = await requestPasskeyRecovery(t.db, await admin.actor(), { staffId: lost.staffId, reason: 'lost phone and laptop' });
    expect(req.summary).toContain('Lena Lost');
    expect((await getStaffRecoveryState(t.db, lost.staffId)).open).toEqual({ requestId: req.id, status: 'pending' });

    await approveByTwoAdministrators(t.db, req.id);
    const executed = await getStaffRecoveryState(t.db, lost.staffId);
    expect(executed.open).toBeNull();
    expect(executed.awaitingLink).toMatchObject({ requestId: req.id, issuedAt: null, expiresAt: null });

    const { url } = await issueRecoveryLink(t.db, await admin.actor(), { requestId: req.id });
    const token = url.split('/recover/')[1]!;
    expect(await findOpenRecovery(t.db, token)).toEqual({ name: 'Lena Lost' });
    expect((await getStaffRecoveryState(t.db, lost.staffId)).awaitingLink?.issuedAt).toBeInstanceOf(Date);

    const options = await startRecoveryEnrolment(t.db, { token, bindingHash: 'lena' });
    await finishRecoveryEnrolment(t.db, { token, response: newAuthenticator().register(options.challenge), bindingHash: 'lena', meta: meta() });
    expect(await findOpenRecovery(t.db, token)).toBeUndefined();
    expect(await getStaffRecoveryState(t.db, lost.staffId)).toEqual({ open: null, awaitingLink: null });
  });

  it('findOpenRecovery answers nothing for a malformed or unknown token', async () => {
    expect(await findOpenRecovery(t.db, 'not-a-token')).toBeUndefined();
    expect(await findOpenRecovery(t.db, 'A'.repeat(43))).toBeUndefined();
  });
});
