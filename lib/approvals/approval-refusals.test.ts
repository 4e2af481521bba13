import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDecisions, approvalRequests, passkeys, roles, staffRoles, webauthnChallenges } from '@/db/schema';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createApprovalRequest } from './create-approval-request';
import { createDecisionSignatureOptions } from './create-decision-signature-options';
import { decideApprovalRequest } from './decide-approval-request';
import { payloadHashOf } from './decision-payload';
import { updateApprovalRequestPayload } from './update-approval-request-payload';
import { createSigner, decide, decisionCount, defineTestActionType, executions, requestRow, signDecision, TEST_ACTION, type TSigner } from './testing/approval-fixtures';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner, ops1: TSigner, ops2: TSigner, compliance: TSigner, both: TSigner, auditor: TSigner, admin2: TSigner;

beforeAll(async () => {
  defineTestActionType();
  requester = await createSigner(t.db, ['administrator', 'ops-approver'], 'Rita Requester');
  ops1 = await createSigner(t.db, ['ops-approver'], 'Olga Ops');
  ops2 = await createSigner(t.db, ['ops-approver'], 'Omar Ops');
  compliance = await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
  both = await createSigner(t.db, ['ops-approver', 'compliance-officer'], 'Bea Both');
  auditor = await createSigner(t.db, ['auditor'], 'Ada Auditor');
  admin2 = await createSigner(t.db, ['administrator'], 'Abe Admin');
});

const open = async (amountMinor = '7500000') =>
  createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor, currency: 'EUR', note: 'payout' }, reason: 'settlement' });

/** Request state and decisions, to prove a refusal changed nothing. */
const snapshot = async (id: string) => {
  const r = await requestRow(t.db, id);
  return { status: r.status, version: r.version, currentStep: r.currentStep, decisions: await decisionCount(t.db, id), executions: await executions(t.db, id) };
};
const submit = async (who: TSigner, input: { requestId: string; version: number; step: number; decision: 'approve' | 'reject'; proof: unknown }) =>
  decideApprovalRequest(t.db, await who.actor(), { ...input, comment: '', bindingHash: who.binding });

describe('signatures bound to exactly one decision', () => {
  it('refuses a signature made for another request', async () => {
    const a = await open();
    const b = await open();
    const before = await snapshot(b.id);
    const proof = await signDecision(t.db, ops1, a, 0);
    await expect(submit(ops1, { requestId: b.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: expect.stringMatching(/different action/) });
    expect(await snapshot(b.id)).toEqual(before);
    expect(await decisionCount(t.db, a.id)).toBe(0);
  });

  it('refuses a signature made for another version, step or decision', async () => {
    const r = await open();
    const before = await snapshot(r.id);
    const approve = await signDecision(t.db, ops1, r, 0, 'approve');
    await expect(submit(ops1, { requestId: r.id, version: 2, step: 0, decision: 'approve', proof: approve })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    const again = await signDecision(t.db, ops1, r, 0, 'approve');
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 1, decision: 'approve', proof: again })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    const reject = await signDecision(t.db, ops1, r, 0, 'reject');
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof: reject })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await snapshot(r.id)).toEqual(before);
    expect(await auditCount(t.db, 'approval.decision_refused')).toBeGreaterThanOrEqual(3);
  });

  it('refuses a signature over the old version after the payload changed (approvals void)', async () => {
    const r = await open();
    const proof = await signDecision(t.db, ops1, r, 0);
    await updateApprovalRequestPayload(t.db, await requester.actor(), { requestId: r.id, version: 1, payload: { amountMinor: '7500001', currency: 'EUR', note: 'payout' } });
    const before = await snapshot(r.id);
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await snapshot(r.id)).toEqual(before);
  });

  it('refuses a replayed assertion', async () => {
    const r = await open();
    const proof = await signDecision(t.db, ops1, r, 0);
    await submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof });
    const before = await snapshot(r.id);
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: expect.stringMatching(/already used/) });
    expect(await snapshot(r.id)).toEqual(before);
  });

  it('refuses an expired challenge', async () => {
    const r = await open();
    const proof = await signDecision(t.db, ops1, r, 0);
    await t.db.update(webauthnChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(webauthnChallenges.staffId, ops1.staffId));
    const before = await snapshot(r.id);
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: expect.stringMatching(/expired/) });
    expect(await snapshot(r.id)).toEqual(before);
  });

  it('refuses an assertion without user verification', async () => {
    const r = await open();
    const proof = await signDecision(t.db, ops1, r, 0, 'approve', { userVerified: false });
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await decisionCount(t.db, r.id)).toBe(0);
  });

  it('refuses a tampered stored payload (edited outside the use cases)', async () => {
    const r = await open('100');
    await t.db.update(approvalRequests).set({ payload: { amountMinor: '99999999', currency: 'EUR', note: 'payout' } }).where(eq(approvalRequests.id, r.id));
    await expect(decide(t.db, ops1, r, 0)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/no longer matches its hash/) });
    // Re-hashing the tampered payload breaks every signature instead: the signer signed the old hash.
    const r2 = await open('100');
    const proof = await signDecision(t.db, ops1, r2, 0);
    const tampered = { amountMinor: '99999999', currency: 'EUR', note: 'payout' };
    await t.db.update(approvalRequests).set({ payload: tampered, payloadHash: payloadHashOf(tampered) }).where(eq(approvalRequests.id, r2.id));
    await expect(submit(ops1, { requestId: r2.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await executions(t.db, r.id) + (await executions(t.db, r2.id))).toBe(0);
    expect(await decisionCount(t.db, r.id) + (await decisionCount(t.db, r2.id))).toBe(0);
  });
});

describe('separation of duties and eligibility', () => {
  it('refuses self-approval, in the data layer and by a database constraint', async () => {
    const r = await open();
    await expect(signDecision(t.db, requester, r, 0)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/own request/) });
    const row = await requestRow(t.db, r.id);
    await expect(
      t.db.insert(approvalDecisions).values({
        requestId: r.id, requestVersion: 1, step: 0, staffId: requester.staffId, requesterId: row.requesterId, decision: 'approve', payloadHash: row.payloadHash,
        credentialId: 'x', publicKey: 'x', authenticatorData: 'x', clientDataJson: 'x', signature: 'x', challenge: 'x', nonce: 'x', signatureVerified: true,
      }),
    ).rejects.toThrow();
    // Lying about the requester breaks the composite foreign key instead.
    await expect(
      t.db.insert(approvalDecisions).values({
        requestId: r.id, requestVersion: 1, step: 0, staffId: requester.staffId, requesterId: ops2.staffId, decision: 'approve', payloadHash: row.payloadHash,
        credentialId: 'x', publicKey: 'x', authenticatorData: 'x', clientDataJson: 'x', signature: 'x', challenge: 'x', nonce: 'x', signatureVerified: true,
      }),
    ).rejects.toThrow();
    expect(await decisionCount(t.db, r.id)).toBe(0);
  });

  it('refuses an ineligible approver (no role in the step)', async () => {
    const r = await open();
    await expect(signDecision(t.db, auditor, r, 0)).rejects.toMatchObject({ status: 404 });
    await expect(signDecision(t.db, admin2, r, 0)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/not one of the people/) });
    expect(await decisionCount(t.db, r.id)).toBe(0);
  });

  it('checks eligibility when deciding: a role removed after signing is refused', async () => {
    const r = await open();
    await t.db.insert(roles).values({ key: 'approval-reader', name: 'Approval reader', rules: [{ action: 'read', subject: 'ApprovalRequest' }] }).onConflictDoNothing();
    const late = await createSigner(t.db, ['ops-approver', 'approval-reader'], 'Lee Late');
    const proof = await signDecision(t.db, late, r, 0);
    const [ops] = await t.db.select().from(roles).where(eq(roles.key, 'ops-approver'));
    await t.db.delete(staffRoles).where(sql`${staffRoles.staffId} = ${late.staffId} AND ${staffRoles.roleId} = ${ops!.id}`);
    const [keyBefore] = await t.db.select().from(passkeys).where(eq(passkeys.staffId, late.staffId));
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(submit(late, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/not one of the people/) });
    expect(await decisionCount(t.db, r.id)).toBe(0);
    // Refused before the signature is looked at: the passkey (counter, last use) is untouched; the refusal is an authz.denied.
    expect((await t.db.select().from(passkeys).where(eq(passkeys.staffId, late.staffId)))[0]).toEqual(keyBefore);
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 1);
  });

  it('counts a person once whatever roles they hold, and refuses their second approval', async () => {
    const r = await open();
    await decide(t.db, both, r, 0);
    await decide(t.db, ops1, r, 0);
    // ops ×2 AND compliance ×1: Bea fills one slot only, so the step stays open.
    expect((await requestRow(t.db, r.id)).currentStep).toBe(0);
    const before = await snapshot(r.id);
    await expect(decide(t.db, both, r, 0)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already decided/) });
    expect(await snapshot(r.id)).toEqual(before);
    await decide(t.db, compliance, r, 0);
    expect((await requestRow(t.db, r.id)).currentStep).toBe(1);
  });

  it('lets a person sign only one step by default (the database backs it)', async () => {
    const r = await open();
    await decide(t.db, ops1, r, 0);
    await decide(t.db, ops2, r, 0);
    await decide(t.db, compliance, r, 0);
    await expect(signDecision(t.db, ops1, r, 1)).rejects.toMatchObject({ status: 403 });
    const row = await requestRow(t.db, r.id);
    await expect(
      t.db.insert(approvalDecisions).values({
        requestId: r.id, requestVersion: 1, step: 1, staffId: ops1.staffId, requesterId: row.requesterId, decision: 'approve', payloadHash: row.payloadHash,
        credentialId: 'x', publicKey: 'x', authenticatorData: 'x', clientDataJson: 'x', signature: 'x', challenge: 'x', nonce: 'x', signatureVerified: true,
      }),
    ).rejects.toThrow();
  });
});

describe('state', () => {
  it('refuses a step-2 decision while step 1 is open', async () => {
    const r = await open();
    await expect(signDecision(t.db, admin2, r, 1)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Step 1 is still open/) });
    const proof = await signDecision(t.db, ops1, r, 0);
    await expect(submit(ops1, { requestId: r.id, version: 1, step: 1, decision: 'approve', proof })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await decisionCount(t.db, r.id)).toBe(0);
  });

  it('refuses a decision on a closed request, also when signed while it was open', async () => {
    const r = await open('100');
    const late = await signDecision(t.db, ops2, r, 0);
    await decide(t.db, ops1, r, 0);
    const before = await snapshot(r.id);
    expect(before.status).toBe('executed');
    await expect(submit(ops2, { requestId: r.id, version: 1, step: 0, decision: 'approve', proof: late })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already approved and executed/) });
    expect(await snapshot(r.id)).toEqual(before);
  });

  it('refuses bad input with a validation error', async () => {
    await expect(createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '-5', currency: 'EUR', note: 'x' }, reason: 'because' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/payload.amountMinor/) });
    await expect(createApprovalRequest(t.db, await requester.actor(), { actionType: 'no.such-type', payload: {}, reason: 'because' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '5', currency: 'EUR', note: 'x' }, reason: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(decideApprovalRequest(t.db, await ops1.actor(), { requestId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createDecisionSignatureOptions(t.db, { actor: await ops1.actor(), requestId: '00000000-0000-4000-8000-000000000000', version: 1, step: 0, decision: 'approve', bindingHash: 'b' })).rejects.toMatchObject({ status: 404 });
  });
});
