import { describe, expect, it } from 'vitest';
import { describeRule } from './describe-rule';

describe('describeRule', () => {
  it('reads a conditional grant as a sentence', () => {
    expect(describeRule({ action: 'release', subject: 'Transaction', conditions: { amountMinor: { $lte: 1000000 } } }, 'Compliance officer')).toBe(
      'Compliance officer can release Transaction where amountMinor ≤ 1000000',
    );
  });

  it('joins several actions and several conditions', () => {
    expect(describeRule({ action: ['read', 'review', 'assign'], subject: 'Transaction', conditions: { status: 'frozen', riskScore: { $gte: 50, $lt: 90 } } })).toBe(
      'Anyone with this role can read, review and assign Transaction where status = frozen and riskScore ≥ 50 and riskScore < 90',
    );
  });

  it('reads placeholders in words', () => {
    expect(describeRule({ action: 'approve', subject: 'ApprovalRequest', conditions: { requesterId: { $ne: '${actor.id}' }, stepRoleKey: { $in: '${actor.roleKeys}' } } }, 'Ops approver')).toBe(
      'Ops approver can approve ApprovalRequest where requesterId ≠ their own id and stepRoleKey is one of their roles',
    );
    expect(describeRule({ action: 'read', subject: 'Staff', conditions: { region: '${actor.region}' } }, 'Lead')).toBe('Lead can read Staff where region = their region');
  });

  it('reads inverted rules with cannot and or, and gives the reason', () => {
    expect(describeRule({ action: ['release', 'decline'], subject: 'Transaction', conditions: { merchantCountry: { $in: ['KP', 'IR'] } }, inverted: true, reason: 'Sanctions' }, 'Officer')).toBe(
      'Officer cannot release or decline Transaction where merchantCountry is one of KP, IR, because: Sanctions',
    );
  });

  it('reads manage, all and field lists', () => {
    expect(describeRule({ action: 'manage', subject: 'all' }, 'Root')).toBe('Root can do anything with anything');
    expect(describeRule({ action: 'read', subject: 'Staff', fields: ['id', 'name'] }, 'Auditor')).toBe('Auditor can read Staff (fields: id, name)');
    expect(describeRule({ action: 'read', subject: 'Transaction', fields: ['cardLast4'], inverted: true }, 'Auditor')).toBe('Auditor cannot read Transaction (fields: cardLast4)');
  });
});
