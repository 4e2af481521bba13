import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { passkeys, sessions, staffRecoveryTickets } from '@/db/schema';
import { createApprovalRequest } from '@/lib/approvals/create-approval-request';
import { approveByTwoAdministrators, createSigner, requestRow, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { signInWithEnrolmentTicket } from '@/lib/auth/sign-in';
import { auditCount, withStalePasskey } from '@/lib/roles/role-test-helpers';
import { meta, newAuthenticator, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { finishRecoveryEnrolment, issueRecoveryLink, startRecoveryEnrolment } from './passkey-recovery';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner, lost: TSigner, ops: TSigner;

beforeAll(async () => {
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  lost = await createSigner(t.db, ['ops-approver'], 'Lars Lost');
  ops = await createSigner(t.db, ['ops-approver'], 'Olga Ops');
});

const openPasskeys = async (staffId: string) => (await t.db.select().from(passkeys).where(eq(passkeys.staffId, staffId))).length;
const openSessions = async (staffId: string) => (await t.db.select().from(sessions).where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt)))).length;

describe('staff.passkey-recovery', () => {
  it('refuses requesting recovery of your own passkeys, and people who may not update staff', async () => {
    await expect(createApprovalRequest(t.db, await requester.actor(), { actionType: 'staff.passkey-recovery', payload: { staffId: requester.staffId, staffName: 'Rita' }, reason: 'lost phone' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createApprovalRequest(t.db, await ops.actor(), { actionType: 'staff.passkey-recovery', payload: { staffId: lost.staffId, staffName: 'Lars' }, reason: 'lost phone' })).rejects.toMatchObject({ status: 403 });
  });

  it('changes nothing until two administrators approve; then revokes passkeys and sessions and a one-time link enrols a new passkey', async () => {
    const req = await createApprovalRequest(t.db, await requester.actor(), { actionType: 'staff.passkey-recovery', payload: { staffId: lost.staffId, staffName: 'Lars Lost' }, reason: 'lost phone and laptop' });
    expect(req.summary).toMatch(/Revoke every passkey and session of Lars Lost/);
    expect(await openPasskeys(lost.staffId)).toBe(1);
    await expect(issueRecoveryLink(t.db, await requester.actor(), { requestId: req.id })).rejects.toMatchObject({ status: 404 });
    expect(await approveByTwoAdministrators(t.db, req.id)).toMatchObject({ status: 'executed' });
    expect((await requestRow(t.db, req.id)).result).toMatchObject({ passkeysRemoved: 1, sessionsEnded: 1 });
    expect(await openPasskeys(lost.staffId)).toBe(0);
    expect(await openSessions(lost.staffId)).toBe(0);
    await expect(issueRecoveryLink(t.db, await ops.actor(), { requestId: req.id })).rejects.toMatchObject({ status: 404 });
    // The link enrols a passkey on someone else's account: without a recent passkey confirmation it is refused, and none is issued.
    await expect(issueRecoveryLink(t.db, await withStalePasskey(t.db, await requester.actor()), { requestId: req.id })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect((await t.db.select().from(staffRecoveryTickets).where(eq(staffRecoveryTickets.requestId, req.id)))[0]?.issuedAt ?? null).toBeNull();
    const first = await issueRecoveryLink(t.db, await requester.actor(), { requestId: req.id });
    const { url } = await issueRecoveryLink(t.db, await requester.actor(), { requestId: req.id });
    const oldToken = first.url.split('/recover/')[1]!;
    await expect(startRecoveryEnrolment(t.db, { token: oldToken, bindingHash: 'lars' })).rejects.toMatchObject({ code: 'GONE' });
    const token = url.split('/recover/')[1]!;
    const soft = newAuthenticator();
    const options = await startRecoveryEnrolment(t.db, { token, bindingHash: 'lars' });
    const { staffId, ticket } = await finishRecoveryEnrolment(t.db, { token, response: soft.register(options.challenge), bindingHash: 'lars', meta: meta() });
    expect(staffId).toBe(lost.staffId);
    const session = await signInWithEnrolmentTicket(t.db, { ticket, bindingHash: 'lars', meta: meta() });
    expect(session.staffId).toBe(lost.staffId);
    expect(await openPasskeys(lost.staffId)).toBe(1);
    await expect(startRecoveryEnrolment(t.db, { token, bindingHash: 'lars' })).rejects.toMatchObject({ code: 'GONE' });
    expect(await auditCount(t.db, 'staff.passkey_recovered')).toBe(1);
    expect(await auditCount(t.db, 'staff.recovery_started')).toBe(1);
  });
});
