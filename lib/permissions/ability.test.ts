import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TRoleRule } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { assertCan, buildAbility, buildAbilityForRoles } from './ability';
import { asSubject } from './as-subject';

const actor = { id: randomUUID(), region: 'EU' };
const tx = (fields: Record<string, unknown>) => asSubject('Transaction', fields);

describe('buildAbility', () => {
  it('denies by default', () => {
    expect(buildAbility([], actor).can('read', 'Transaction')).toBe(false);
  });

  it('lets an inverted rule win whatever the order of the rules', () => {
    const grant: TRoleRule = { action: 'read', subject: 'Transaction' };
    const deny: TRoleRule = { action: 'read', subject: 'Transaction', conditions: { region: 'US' }, inverted: true };
    for (const rules of [[grant, deny], [deny, grant]]) {
      const ability = buildAbility(rules, actor);
      expect(ability.can('read', tx({ region: 'US' }))).toBe(false);
      expect(ability.can('read', tx({ region: 'EU' }))).toBe(true);
    }
  });

  it('lets an inverted rule of one role beat a grant of another role', () => {
    const ability = buildAbilityForRoles(
      [
        { key: 'restricted', rules: [{ action: 'release', subject: 'Transaction', inverted: true }] },
        { key: 'officer', rules: [{ action: 'manage', subject: 'all' }] },
      ],
      actor,
    );
    expect(ability.can('release', 'Transaction')).toBe(false);
    expect(ability.can('read', 'Transaction')).toBe(true);
  });

  it('resolves ${actor.id} and ${actor.region}', () => {
    const ability = buildAbility([{ action: 'review', subject: 'Transaction', conditions: { assigneeId: '${actor.id}', region: '${actor.region}' } }], actor);
    expect(ability.can('review', tx({ assigneeId: actor.id, region: 'EU' }))).toBe(true);
    expect(ability.can('review', tx({ assigneeId: randomUUID(), region: 'EU' }))).toBe(false);
    expect(ability.can('review', tx({ assigneeId: actor.id, region: 'US' }))).toBe(false);
  });

  it('matches nothing by region for a staff member without a region, not the records without one', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', conditions: { region: '${actor.region}' } }], { id: actor.id, region: null });
    expect(ability.can('read', tx({ region: null }))).toBe(false);
    expect(ability.can('read', tx({}))).toBe(false);
    expect(ability.can('read', tx({ region: 'EU' }))).toBe(false);
  });

  it('resolves ${actor.roleKeys} to the keys of the roles held', () => {
    const rules: TRoleRule[] = [{ action: 'approve', subject: 'ApprovalRequest', conditions: { stepRoleKey: { $in: '${actor.roleKeys}' } } }];
    const ability = buildAbilityForRoles([{ key: 'ops-approver', rules }, { key: 'auditor', rules: [] }], actor);
    expect(ability.can('approve', asSubject('ApprovalRequest', { stepRoleKey: 'ops-approver' }))).toBe(true);
    expect(ability.can('approve', asSubject('ApprovalRequest', { stepRoleKey: 'auditor' }))).toBe(true);
    expect(ability.can('approve', asSubject('ApprovalRequest', { stepRoleKey: 'administrator' }))).toBe(false);
  });

  it('takes ${actor.roleKeys} from the actor when given a flat rule list', () => {
    const rules: TRoleRule[] = [{ action: 'read', subject: 'Role', conditions: { key: { $in: '${actor.roleKeys}' } } }];
    expect(buildAbility(rules, { ...actor, roleKeys: ['auditor'] }).can('read', asSubject('Role', { key: 'auditor' }))).toBe(true);
    expect(buildAbility(rules, actor).can('read', asSubject('Role', { key: 'auditor' }))).toBe(false);
  });

  it('does not let placeholders leak into or change the stored rules', () => {
    const stored: TRoleRule = { action: 'read', subject: 'Staff', conditions: { id: '${actor.id}' } };
    buildAbility([stored], actor);
    expect(stored.conditions).toEqual({ id: '${actor.id}' });
  });

  it('refuses to build from a stored rule carrying a __proto__ condition key', () => {
    const rule = JSON.parse('{"action":"read","subject":"Transaction","conditions":{"__proto__":{"status":"frozen"}}}') as TRoleRule;
    expect(() => buildAbility([rule], actor)).toThrow(/__proto__/);
  });
});

describe('assertCan', () => {
  const ability = buildAbility([{ action: 'release', subject: 'Transaction', conditions: { amountMinor: { $lte: 1000 } } }], actor);

  it('passes when a rule matches the record', () => {
    expect(() => assertCan(ability, 'release', 'Transaction', { amountMinor: 1000n })).not.toThrow();
  });

  it('throws FORBIDDEN when no rule matches the record', () => {
    expect(() => assertCan(ability, 'release', 'Transaction', { amountMinor: 1001 })).toThrow(AppError);
    expect(() => assertCan(ability, 'decline', 'Transaction')).toThrow(/not allowed to decline Transaction/);
  });
});
