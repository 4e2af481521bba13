import { and, eq, like } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalRequests, auditEvents, notifications, outboxMessages } from '@/db/schema';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { cancelApprovalRequest } from './cancel-approval-request';
import { countWaitingForMe } from './count-waiting-for-me';
import { createApprovalRequest } from './create-approval-request';
import { exportApprovalProof } from './export-approval-proof';
import { getApprovalRequest } from './get-approval-request';
import { listApprovalRequests } from './list-approval-requests';
import { retryFailedRequest } from './retry-failed-request';
import { sweepExpiredRequests } from './sweep-expired-requests';
import { createSigner, decide, decisionCount, defineTestActionType, executions, requestRow, TEST_ACTION, testExecutor, type TSigner } from './testing/approval-fixtures';
import { updateApprovalRequestPayload } from './update-approval-request-payload';
import { verifyApprovalProofBundle } from './verify-proof-bundle';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
let requester: TSigner, ops1: TSigner, ops2: TSigner, ops3: TSigner, compliance: TSigner, admin2: TSigner;

beforeAll(async () => {
  defineTestActionType();
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  ops1 = await createSigner(t.db, ['ops-approver'], 'Olga Ops');
  ops2 = await createSigner(t.db, ['ops-approver'], 'Omar Ops');
  ops3 = await createSigner(t.db, ['ops-approver'], 'Otto Ops');
  compliance = await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
  admin2 = await createSigner(t.db, ['administrator'], 'Abe Admin');
});
beforeEach(() => {
  testExecutor.fail = null;
  testExecutor.during = null;
});

const open = async (amountMinor = '7500000', note = 'supplier payout') =>
  createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor, currency: 'EUR', note }, reason: 'monthly settlement' });

describe('a two-step policy with a parallel step', () => {
  it('runs ops ×2 AND compliance ×1, then an administrator, and executes exactly once with audit, notifications and outbox rows', async () => {
    const req = await open();
    expect(req.eligibleApprovers.map((p) => p.name)).toEqual(['Omar Ops', 'Olga Ops', 'Otto Ops', 'Cora Compliance'].sort((a, b) => a.localeCompare(b)));
    expect(await countWaitingForMe(t.db, await ops1.actor())).toBeGreaterThanOrEqual(1);
    expect(await decide(t.db, ops1, req, 0)).toMatchObject({ status: 'pending', currentStep: 0 });
    expect(await decide(t.db, compliance, req, 0)).toMatchObject({ status: 'pending', currentStep: 0 });
    expect(await decide(t.db, ops2, req, 0)).toMatchObject({ status: 'pending', currentStep: 1 });
    const mid = await getApprovalRequest(t.db, await admin2.actor(), req.id);
    expect(mid.steps[0]).toMatchObject({ state: 'done' });
    expect(mid.steps[1]!.state).toBe('open');
    expect(mid.steps[1]!.eligible.map((p) => p.name)).toContain('Abe Admin');
    expect(mid.steps[1]!.eligible.map((p) => p.name)).not.toContain('Rita Requester');
    expect(mid.can.decide).toBe(true);
    expect(await decide(t.db, admin2, req, 1)).toMatchObject({ status: 'executed', executed: true });
    expect(await executions(t.db, req.id)).toBe(1);
    const done = await getApprovalRequest(t.db, await requester.actor(), req.id);
    expect(done).toMatchObject({ status: 'executed', result: { done: true }, tier: { name: 'High value' } });
    expect(done.decisions.every((d) => d.signatureVerified)).toBe(true);
    const events = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.targetId, req.id), like(auditEvents.action, 'approval.%')));
    expect(events.map((e) => e.action)).toEqual(['approval.requested', 'approval.decided', 'approval.decided', 'approval.decided', 'approval.step_completed', 'approval.decided', 'approval.step_completed', 'approval.approved', 'approval.executed']);
    const mine = await t.db.select().from(notifications).where(eq(notifications.audience, `staff:${requester.staffId}`));
    expect(mine.map((n) => n.kind)).toContain('approval.executed');
    const outbox = await t.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, `approval:${req.id}:%`));
    expect(outbox.map((o) => o.topic)).toEqual(expect.arrayContaining(['notification.approval.waiting', 'notification.approval.executed']));
  });

  it('exports a proof bundle that verifies offline, and an edited bundle fails', async () => {
    const req = await open('100', 'small');
    await decide(t.db, ops3, req, 0);
    const bundle = await exportApprovalProof(t.db, await requester.actor(), req.id);
    expect(await verifyApprovalProofBundle(bundle)).toMatchObject({ ok: true, problems: [] });
    const editedPayload = structuredClone(bundle);
    editedPayload.request.payload.amountMinor = '999999';
    expect((await verifyApprovalProofBundle(editedPayload)).problems.join()).toMatch(/payload does not match its hash/);
    const editedDecision = structuredClone(bundle);
    editedDecision.decisions[0]!.step = 1;
    expect((await verifyApprovalProofBundle(editedDecision)).problems.join()).toMatch(/does not sign this request/);
    const editedSignature = structuredClone(bundle);
    const sig = Buffer.from(editedSignature.decisions[0]!.signature, 'base64url');
    sig.writeUInt8(sig.readUInt8(sig.length - 2) ^ 1, sig.length - 2);
    editedSignature.decisions[0]!.signature = sig.toString('base64url');
    expect((await verifyApprovalProofBundle(editedSignature)).ok).toBe(false);
    expect(await auditCount(t.db, 'approval.proof_exported')).toBeGreaterThanOrEqual(1);
  });
});

describe('veto, cancel, payload change, expiry', () => {
  it('a rejection ends the request (veto) and nothing executes', async () => {
    const req = await open();
    await decide(t.db, ops1, req, 0);
    expect(await decide(t.db, compliance, req, 0, 'reject')).toMatchObject({ status: 'rejected' });
    await expect(decide(t.db, ops2, req, 0)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await executions(t.db, req.id)).toBe(0);
  });

  it('the requester cancels while pending; nobody else can', async () => {
    const req = await open();
    await expect(cancelApprovalRequest(t.db, await ops1.actor(), { requestId: req.id })).rejects.toMatchObject({ status: 403 });
    expect((await requestRow(t.db, req.id)).status).toBe('pending');
    await cancelApprovalRequest(t.db, await requester.actor(), { requestId: req.id, version: 1 });
    expect((await requestRow(t.db, req.id)).status).toBe('cancelled');
    await expect(decide(t.db, ops1, req, 0)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a payload change bumps the version and voids every approval so far (re-evaluating the tier)', async () => {
    const req = await open();
    await decide(t.db, ops1, req, 0);
    await decide(t.db, ops2, req, 0);
    const changed = await updateApprovalRequestPayload(t.db, await requester.actor(), { requestId: req.id, version: 1, payload: { amountMinor: '7600000', currency: 'EUR', note: 'corrected' } });
    expect(changed.version).toBe(2);
    const after = await getApprovalRequest(t.db, await requester.actor(), req.id);
    expect(after.steps[0]!.groups.map((g) => g.signedBy.length)).toEqual([0, 0]);
    expect(after.decisions.filter((d) => d.current)).toEqual([]);
    // The old approvers sign again on version 2; with compliance the step completes only now.
    await decide(t.db, ops1, { id: req.id, version: 2 }, 0);
    await decide(t.db, compliance, { id: req.id, version: 2 }, 0);
    expect((await requestRow(t.db, req.id)).currentStep).toBe(0);
    expect(await auditCount(t.db, 'approval.payload_changed')).toBeGreaterThanOrEqual(1);
  });

  it('expires on read and by the sweep, audited once', async () => {
    const a = await open('100', 'expire on read');
    const b = await open('100', 'expire by sweep');
    await t.db.update(approvalRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(approvalRequests.id, a.id));
    await t.db.update(approvalRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(approvalRequests.id, b.id));
    expect((await getApprovalRequest(t.db, await requester.actor(), a.id)).status).toBe('expired');
    expect((await sweepExpiredRequests(t.db)).expired).toBeGreaterThanOrEqual(1);
    expect((await requestRow(t.db, b.id)).status).toBe('expired');
    expect((await sweepExpiredRequests(t.db)).expired).toBe(0);
    await expect(decide(t.db, ops1, a, 0)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('execution failure and retry', () => {
  it('a failing executor leaves the request failed with the decision recorded and no effects; a retry executes exactly once', async () => {
    const req = await open('100', 'will fail first');
    testExecutor.fail = 'bank offline';
    expect(await decide(t.db, ops1, req, 0)).toMatchObject({ status: 'failed', executed: false });
    const failed = await requestRow(t.db, req.id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/internal error/) });
    expect(await executions(t.db, req.id)).toBe(0);
    expect(await decisionCount(t.db, req.id)).toBe(1);
    const auditor = await createSigner(t.db, ['auditor'], 'Ada Auditor');
    await expect(retryFailedRequest(t.db, await auditor.actor(), { requestId: req.id })).rejects.toMatchObject({ status: 404 });
    expect((await requestRow(t.db, req.id)).status).toBe('failed');
    testExecutor.fail = null;
    const results = await Promise.allSettled([retryFailedRequest(t.db, await requester.actor(), { requestId: req.id }), retryFailedRequest(t.db, await ops2.actor(), { requestId: req.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await executions(t.db, req.id)).toBe(1);
    expect((await requestRow(t.db, req.id)).status).toBe('executed');
    await expect(retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('inbox', () => {
  it('lists waiting-for-me, mine and all with keyset paging', async () => {
    const ops = await ops3.actor();
    const waiting = await listApprovalRequests(t.db, ops, { tab: 'waiting', limit: 2 });
    expect(waiting.items.every((i) => i.status === 'pending')).toBe(true);
    const mine = await listApprovalRequests(t.db, await requester.actor(), { tab: 'mine', limit: 3 });
    expect(mine.items).toHaveLength(3);
    const next = await listApprovalRequests(t.db, await requester.actor(), { tab: 'mine', limit: 3, cursor: mine.nextCursor! });
    expect(next.items.map((i) => i.id)).not.toContain(mine.items[0]!.id);
    const all = await listApprovalRequests(t.db, await admin2.actor(), { tab: 'all', status: 'executed' });
    expect(all.items.length).toBeGreaterThanOrEqual(1);
    await expect(listApprovalRequests(t.db, ops, { tab: 'all', cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(admin.staffId).toBeTruthy();
  });
});
