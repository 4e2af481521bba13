import { describe, expect, it } from 'vitest';
import type { TRoleRule } from '@/db/schema';
import { BUILT_IN_ROLES } from '@/lib/permissions/built-in-roles';
import { parseRoleRules } from '@/lib/permissions/role-rule-schema';
import { draftFromRule, emptyRuleDraft, ruleFromDraft } from './rule-draft';
import { liveSodWarnings, validateRoleDraft } from './validate-role-draft';

describe('rule drafts', () => {
  const conditional: TRoleRule[] = [
    { action: ['read', 'release'], subject: 'Transaction', conditions: { amountMinor: { $gte: 1, $lte: 1_000_000 }, region: '${actor.region}', status: { $in: ['frozen', 'in_review'] } }, reason: 'Junior desk' },
    { action: 'read', subject: 'ApprovalRequest', conditions: { stepRoleKey: { $in: '${actor.roleKeys}' } }, inverted: true, fields: ['summary'] },
  ];

  it('round-trips every built-in rule and conditional rules to the same validated rules', () => {
    for (const rules of [...BUILT_IN_ROLES.map((r) => r.rules), conditional]) {
      expect(parseRoleRules(rules.map(draftFromRule).map(ruleFromDraft))).toEqual(parseRoleRules(rules));
    }
  });

  it('reports typed values with the schema’s own messages at the server’s paths', () => {
    const draft = { ...emptyRuleDraft(), conditions: [{ uid: 'c', field: 'amountMinor', operator: '$lte' as const, value: 'abc', usePlaceholder: false }] };
    const issues = validateRoleDraft({ name: 'Desk', description: '', rules: [draft] });
    expect(issues['rules.0.conditions.amountMinor.$lte']).toEqual(['"amountMinor" needs a whole number, got "abc"']);
  });

  it('asks for an action and flags a repeated field/operator pair', () => {
    const row = { uid: 'c', field: 'riskScore', operator: '$gt' as const, value: '5', usePlaceholder: false };
    const draft = { ...emptyRuleDraft(), actions: [], conditions: [row, { ...row, uid: 'd' }] };
    const issues = validateRoleDraft({ key: 'desk', name: 'Desk', description: '', rules: [draft] });
    expect(issues['rules.0.action']).toEqual(['Choose at least one action']);
    expect(issues['rules.0.conditions.riskScore.$gt']).toContain('This field already has a condition with this operator');
  });

  it('maps separation-of-duties warnings back to the rule positions, skipping invalid rules', () => {
    const broken = { ...emptyRuleDraft(), actions: [] };
    const request = draftFromRule({ action: 'request', subject: 'ApprovalRequest' });
    const approve = draftFromRule({ action: 'approve', subject: 'ApprovalRequest' });
    expect(liveSodWarnings([broken, request, approve])).toMatchObject([{ code: 'approval-request-and-approve', ruleIndexes: [1, 2] }]);
  });
});
