import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAbility, buildAbilityForRoles } from './ability';
import { explainDecision } from './explain-decision';

const actor = { id: randomUUID(), region: 'EU' };
const officer = {
  key: 'compliance-officer',
  rules: [
    { action: 'release', subject: 'Transaction', conditions: { amountMinor: { $lte: 1_000_000 }, assigneeId: '${actor.id}' } },
    { action: 'release', subject: 'Transaction', conditions: { merchantCountry: 'KP' }, inverted: true, reason: 'Sanctioned country' },
  ],
};
const ability = buildAbilityForRoles([officer, { key: 'auditor', rules: [{ action: 'read', subject: 'AuditEvent' }] }], actor);

describe('explainDecision', () => {
  it('names the role and the rule that allowed, with placeholders as stored', () => {
    const decision = explainDecision(ability, 'release', 'Transaction', { amountMinor: 500n, assigneeId: actor.id, merchantCountry: 'FR' });
    expect(decision.allowed).toBe(true);
    expect(decision.rule).toEqual({
      action: 'release',
      subject: 'Transaction',
      conditions: { amountMinor: { $lte: 1_000_000 }, assigneeId: '${actor.id}' },
      inverted: false,
      roleKey: 'compliance-officer',
    });
    expect(decision.reason).toBe('Allowed by role "compliance-officer": Holders can release Transaction where amountMinor ≤ 1000000 and assigneeId = their own id.');
  });

  it('names the inverted rule and its reason when a denial decided', () => {
    const decision = explainDecision(ability, 'release', 'Transaction', { amountMinor: 500n, assigneeId: actor.id, merchantCountry: 'KP' });
    expect(decision.allowed).toBe(false);
    expect(decision.rule).toMatchObject({ inverted: true, reason: 'Sanctioned country', roleKey: 'compliance-officer' });
    expect(decision.reason).toContain('Denied by role "compliance-officer"');
    expect(decision.reason).toContain('because: Sanctioned country');
  });

  it('says denied by default when rules exist but none matches the record', () => {
    const decision = explainDecision(ability, 'release', 'Transaction', { amountMinor: 5_000_000n, assigneeId: actor.id });
    expect(decision).toEqual({ allowed: false, conditional: false, reason: 'Denied by default: none of the 2 rule(s) for release Transaction matches this record.' });
  });

  it('says denied by default when no role grants the action at all', () => {
    const decision = explainDecision(ability, 'approve', 'ApprovalRequest');
    expect(decision.allowed).toBe(false);
    expect(decision.rule).toBeUndefined();
    expect(decision.reason).toBe('Denied by default: no role grants approve ApprovalRequest.');
  });

  it('marks a grant as conditional when asked without a record', () => {
    const decision = explainDecision(ability, 'release', 'Transaction');
    expect(decision.allowed).toBe(true);
    expect(decision.conditional).toBe(true);
    expect(decision.reason).toContain('(only records matching these conditions)');
  });

  it('agrees with can() on field-level questions', () => {
    const masked = buildAbility(
      [
        { action: 'read', subject: 'Transaction' },
        { action: 'read', subject: 'Transaction', fields: ['cardLast4'], inverted: true },
      ],
      actor,
    );
    expect(explainDecision(masked, 'read', 'Transaction', undefined, 'cardLast4').allowed).toBe(false);
    expect(explainDecision(masked, 'read', 'Transaction', undefined, 'amountMinor').allowed).toBe(true);
  });

  it('works for abilities built from a flat rule list, without a role key', () => {
    const decision = explainDecision(buildAbility([{ action: 'read', subject: 'Staff' }], actor), 'read', 'Staff');
    expect(decision.rule?.roleKey).toBeUndefined();
    expect(decision.reason).toBe('Allowed by a rule: Holders can read Staff.');
  });
});
