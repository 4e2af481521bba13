import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, staff, staffRoles } from '@/db/schema';
import { roleByKey } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createApprovalRequest } from './create-approval-request';
import { getApprovalRequest } from './get-approval-request';
import { retryFailedRequest } from './retry-failed-request';
import { createSigner, decide, decisionCount, defineTestActionType, executions, requestRow, TEST_ACTION, testExecutor, type TSigner } from './testing/approval-fixtures';
import { updateApprovalRequestPayload } from './update-approval-request-payload';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner, ops1: TSigner, target: TSigner;

beforeAll(async () => {
  defineTestActionType();
  requester = await createSigner(t.db, ['administrator', 'ops-approver'], 'Rhea Requester');
  ops1 = await createSigner(t.db, ['ops-approver'], 'Otto Ops');
  target = await createSigner(t.db, ['auditor'], 'Tara Target');
});
afterEach(() => {
  testExecutor.fail = null;
});

const snapshot = async (id: string) => {
  const r = await requestRow(t.db, id);
  return { status: r.status, version: r.version, payload: r.payload, summary: r.summary, decisions: await decisionCount(t.db, id), executions: await executions(t.db, id) };
};

describe('payload edits', () => {
  it('refuses to edit a privileged role change, whose summary carries labels the executor does not use', async () => {
    const auditorRole = await roleByKey(t.db, 'auditor');
    const adminRole = await roleByKey(t.db, 'administrator');
    const base = { kind: 'staff.assign-roles', staffId: target.staffId, staffName: 'Tara Target', acknowledgeSod: false, addedPrivileges: [] };
    const req = await createApprovalRequest(t.db, await requester.actor(), {
      actionType: 'role.privileged-change',
      payload: { ...base, roleIds: [auditorRole.id], roleKeys: ['auditor'] },
      reason: 'new auditor duties',
    });
    const before = await snapshot(req.id);
    // The attack: the ids now name Administrator while the labels still say "auditor".
    await expect(
      updateApprovalRequestPayload(t.db, await requester.actor(), { requestId: req.id, version: 1, payload: { ...base, roleIds: [adminRole.id], roleKeys: ['auditor'] } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot be edited: cancel it and ask again/) });
    expect(await snapshot(req.id)).toEqual(before);
    expect((await getApprovalRequest(t.db, await requester.actor(), req.id)).can.editPayload).toBe(false);
  });

  it('still lets the requester edit a type whose summary comes from its payload alone', async () => {
    const req = await createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '100', currency: 'EUR', note: 'first' }, reason: 'settlement' });
    expect((await getApprovalRequest(t.db, await requester.actor(), req.id)).can.editPayload).toBe(true);
    const edited = await updateApprovalRequestPayload(t.db, await requester.actor(), { requestId: req.id, version: 1, payload: { amountMinor: '100', currency: 'EUR', note: 'second' } });
    expect(edited).toMatchObject({ version: 2, summary: expect.stringMatching(/second/) });
  });

  it('refuses a card number in the reason of an edit, and changes nothing', async () => {
    const req = await createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '100', currency: 'EUR', note: 'first' }, reason: 'settlement' });
    const before = await snapshot(req.id);
    await expect(
      updateApprovalRequestPayload(t.db, await requester.actor(), { requestId: req.id, version: 1, payload: { amountMinor: '100', currency: 'EUR', note: 'other' }, reason: 'card 4111 1111 1111 1111' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/card number/) });
    expect(await snapshot(req.id)).toEqual(before);
  });
});

describe('retrying a failed request', () => {
  const failedRequest = async (note: string, asker = requester, signer = ops1) => {
    const req = await createApprovalRequest(t.db, await asker.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '100', currency: 'EUR', note }, reason: 'settlement' });
    testExecutor.fail = 'bank offline';
    expect(await decide(t.db, signer, req, 0)).toMatchObject({ status: 'failed', executed: false });
    testExecutor.fail = null;
    return req;
  };

  it('refuses a retry after the request deadline, and executes nothing', async () => {
    const req = await failedRequest('late');
    await t.db.update(approvalRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(approvalRequests.id, req.id));
    expect((await getApprovalRequest(t.db, await requester.actor(), req.id)).can.retry).toBe(false);
    await expect(retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/lapsed at its deadline/) });
    expect(await snapshot(req.id)).toMatchObject({ status: 'failed', executions: 0 });
  });

  it('refuses a retry when an approver who counted has left the group they signed for', async () => {
    const signer = await createSigner(t.db, ['ops-approver'], 'Oona Ops');
    const req = await failedRequest('moved', requester, signer);
    const opsRole = await roleByKey(t.db, 'ops-approver');
    await t.db.delete(staffRoles).where(and(eq(staffRoles.staffId, signer.staffId), eq(staffRoles.roleId, opsRole.id)));
    await expect(retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/no longer active or no longer in the group/) });
    expect(await snapshot(req.id)).toMatchObject({ status: 'failed', executions: 0 });
  });

  it('refuses a retry when the requester is no longer active', async () => {
    const asker = await createSigner(t.db, ['administrator'], 'Ari Asker');
    const req = await failedRequest('gone', asker);
    await t.db.update(staff).set({ status: 'disabled' }).where(eq(staff.id, asker.staffId));
    await expect(retryFailedRequest(t.db, await ops1.actor(), { requestId: req.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/requester may no longer ask/) });
    expect(await snapshot(req.id)).toMatchObject({ status: 'failed', executions: 0 });
  });

  it('executes a retry once while the approvals still stand', async () => {
    const req = await failedRequest('in time');
    await expect(retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })).resolves.toMatchObject({ status: 'executed' });
    expect(await snapshot(req.id)).toMatchObject({ status: 'executed', executions: 1 });
  });
});

describe("signers' network details on the request page", () => {
  it('shows IP and device only to readers the audit log would show an IP to', async () => {
    const req = await createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '100', currency: 'EUR', note: 'ips' }, reason: 'settlement' });
    await decide(t.db, ops1, req, 0);
    const [asAdmin] = (await getApprovalRequest(t.db, await requester.actor(), req.id)).decisions;
    expect(asAdmin).toMatchObject({ ip: '198.51.100.7', userAgent: expect.stringMatching(/Chrome/), networkHidden: false });
    // An ops approver signs requests but may not read audit events.
    const [asOps] = (await getApprovalRequest(t.db, await ops1.actor(), req.id)).decisions;
    expect(asOps).toMatchObject({ ip: null, userAgent: null, networkHidden: true });
  });
});
