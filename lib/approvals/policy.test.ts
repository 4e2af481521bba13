import { beforeAll, describe, expect, it } from 'vitest';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { conditionHolds, selectTier, stepComplete } from './evaluate-policy';
import { getApprovalPolicy } from './get-approval-policy';
import { ZPolicyDefinition } from './policy-schema';
import { previewEligibleApprovers } from './preview-eligible-approvers';
import { saveApprovalPolicy } from './save-approval-policy';
import { approveByTwoAdministrators, createSigner, defineTestActionType, requestRow, TEST_ACTION, type TSigner } from './testing/approval-fixtures';
import { validatePolicy } from './validate-policy';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let admin2: TSigner;
beforeAll(async () => {
  defineTestActionType();
  admin2 = await createSigner(t.db, ['administrator'], 'Abe Admin');
  await createSigner(t.db, ['ops-approver'], 'Olga Ops');
  await createSigner(t.db, ['ops-approver'], 'Omar Ops');
  await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
});

const tier = (name: string, steps: unknown[], when: unknown[] = []) => ({ name, when, steps });
const step = (groups: unknown[]) => ({ name: 'Step', groups });

describe('policy evaluation', () => {
  const def = ZPolicyDefinition.parse({
    tiers: [
      tier('High', [step([{ roleKey: 'ops-approver', quorum: 2 }, { roleKey: 'compliance-officer', quorum: 1 }])], [{ field: 'amountMinor', op: 'gte', value: '5000000' }, { field: 'currency', op: 'in', value: ['EUR', 'CHF'] }]),
      tier('Default', [step([{ roleKey: 'ops-approver', quorum: 1 }])]),
    ],
  });

  it('selects tiers by comparing minor units as integers, not as text', () => {
    expect(selectTier(def, { amountMinor: '5000000', currency: 'EUR' })).toBe(0);
    expect(selectTier(def, { amountMinor: '999999', currency: 'EUR' })).toBe(1); // "999999" > "5000000" as text
    expect(selectTier(def, { amountMinor: '50000000000', currency: 'USD' })).toBe(1);
    expect(conditionHolds({ field: 'a.b', op: 'eq', value: true }, { a: { b: true } })).toBe(true);
    expect(conditionHolds({ field: 'missing', op: 'gte', value: 1 }, {})).toBe(false);
  });

  it('counts a person once across the groups of a step (AND of quorums)', () => {
    const s = def.tiers[0]!.steps[0]!;
    expect(stepComplete(s, [{ staffId: 'a', groupIndexes: [0, 1] }, { staffId: 'b', groupIndexes: [0] }])).toBe(false);
    expect(stepComplete(s, [{ staffId: 'a', groupIndexes: [0, 1] }, { staffId: 'b', groupIndexes: [0] }, { staffId: 'c', groupIndexes: [0] }])).toBe(true);
    expect(stepComplete(s, [{ staffId: 'a', groupIndexes: [0, 1] }, { staffId: 'a', groupIndexes: [0, 1] }, { staffId: 'b', groupIndexes: [0] }])).toBe(false);
  });
});

describe('policy validation names the path', () => {
  it('refuses a quorum larger than the group, an empty group, a last tier with conditions and an unsatisfiable tier', async () => {
    const staffId = admin2.staffId;
    const result = await validatePolicy(t.db, {
      tiers: [
        tier('Named', [step([{ staffIds: [staffId], quorum: 2 }])]),
        tier('Empty', [step([{ quorum: 1 }])]),
        tier('Too many', [step([{ roleKey: 'compliance-officer', quorum: 1 }]), step([{ roleKey: 'compliance-officer', quorum: 1 }])]),
        tier('Unknown role', [step([{ roleKey: 'no-such-role', quorum: 1 }])], [{ field: 'x', op: 'eq', value: 1 }]),
      ],
    });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'tiers.0.steps.0.groups.0.quorum', message: 'quorum 2 is larger than the group (1 named staff)' },
      { path: 'tiers.1.steps.0.groups.0', message: 'empty group: choose a role or named staff members' },
      expect.objectContaining({ path: 'tiers.2', message: expect.stringMatching(/no one can ever satisfy this tier/) }),
      { path: 'tiers.3.steps.0.groups.0.roleKey', message: 'no role with the key "no-such-role"' },
      { path: 'tiers.3.when', message: 'the last tier must have no conditions, so every request finds a tier' },
    ]));
    expect(await validatePolicy(t.db, { tiers: [tier('Ok', [step([{ roleKey: 'ops-approver', quorum: 2 }])])] })).toMatchObject({ ok: true });
  });
});

describe('saving a policy is itself an approval request', () => {
  it('opens approval-policy.update, and the new version is stored only when two administrators approve', async () => {
    const actor = await admin2.actor();
    const before = await getApprovalPolicy(t.db, actor, TEST_ACTION);
    expect(before).toMatchObject({ version: 1, isDefault: true });
    await expect(saveApprovalPolicy(t.db, actor, { actionType: TEST_ACTION, definition: { tiers: [tier('Bad', [step([{ quorum: 1 }])])] }, reason: 'tighten' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/definition.tiers.0.steps.0.groups.0: empty group/) });
    const next = { expiresInHours: 4, tiers: [tier('Everything', [step([{ roleKey: 'ops-approver', quorum: 2 }])])] };
    const { requestId } = await saveApprovalPolicy(t.db, actor, { actionType: TEST_ACTION, definition: next, reason: 'two ops for everything' });
    expect((await getApprovalPolicy(t.db, actor, TEST_ACTION)).version).toBe(1);
    expect((await requestRow(t.db, requestId)).summary).toMatch(/from version 1 to version 2/);
    await approveByTwoAdministrators(t.db, requestId);
    const after = await getApprovalPolicy(t.db, actor, TEST_ACTION);
    expect(after).toMatchObject({ version: 2, isDefault: false, definition: { expiresInHours: 4 } });
    const preview = await previewEligibleApprovers(t.db, actor, { actionType: TEST_ACTION, payload: { amountMinor: '1', currency: 'EUR', note: 'x' } });
    expect(preview).toMatchObject({ policyVersion: 2, tier: { name: 'Everything' } });
    expect(preview.steps[0]!.groups[0]!.eligible.map((p) => p.name)).toEqual(['Olga Ops', 'Omar Ops']);
  });
});
