import { describe, expect, it } from 'vitest';
import type { TRoleRule } from '@/db/schema';
import { BUILT_IN_ROLES } from './built-in-roles';
import { separationOfDutiesWarnings } from './separation-of-duties';

const codes = (rules: TRoleRule[]) => separationOfDutiesWarnings(rules).map((w) => w.code);

describe('separationOfDutiesWarnings', () => {
  it('warns when a rule set can request and approve any approval', () => {
    const [warning] = separationOfDutiesWarnings([
      { action: 'request', subject: 'ApprovalRequest' },
      { action: 'approve', subject: 'ApprovalRequest' },
    ]);
    expect(warning).toEqual({
      code: 'approval-request-and-approve',
      message: 'The same person could both request and approve approvals of any action type.',
      ruleIndexes: [0, 1],
      actionTypes: 'any',
    });
  });

  it('names the action types that can be both requested and approved', () => {
    const [warning] = separationOfDutiesWarnings([
      { action: 'request', subject: 'ApprovalRequest', conditions: { actionType: { $in: ['risk-rules.update', 'settings.update'] } } },
      { action: 'approve', subject: 'ApprovalRequest', conditions: { actionType: 'risk-rules.update' } },
    ]);
    expect(warning?.actionTypes).toEqual(['risk-rules.update']);
  });

  it('does not warn when the action types are disjoint', () => {
    expect(
      codes([
        { action: 'request', subject: 'ApprovalRequest', conditions: { actionType: 'risk-rules.update' } },
        { action: 'approve', subject: 'ApprovalRequest', conditions: { actionType: { $in: ['settings.update'] } } },
      ]),
    ).toEqual([]);
  });

  it('warns for manage, which includes both request and approve', () => {
    expect(codes([{ action: 'manage', subject: 'ApprovalRequest' }])).toEqual(['approval-request-and-approve']);
    expect(codes([{ action: 'manage', subject: 'all' }])).toEqual(['approval-request-and-approve', 'transaction-submit-and-release']);
  });

  it('warns for the combination of two roles one person holds', () => {
    const analyst = BUILT_IN_ROLES.find((r) => r.key === 'risk-analyst')?.rules ?? [];
    const approver = BUILT_IN_ROLES.find((r) => r.key === 'ops-approver')?.rules ?? [];
    expect(codes(analyst)).toEqual([]);
    expect(codes(approver)).toEqual([]);
    expect(codes([...analyst, ...approver])).toEqual(['approval-request-and-approve']);
  });

  it('does not warn when an unconditional inverted rule takes approval away', () => {
    expect(codes([{ action: 'manage', subject: 'ApprovalRequest' }, { action: 'approve', subject: 'ApprovalRequest', inverted: true }])).toEqual([]);
  });

  it('still warns when the inverted rule is conditional, because it may not cover every case', () => {
    expect(
      codes([
        { action: ['request', 'approve'], subject: 'ApprovalRequest' },
        { action: 'approve', subject: 'ApprovalRequest', conditions: { requesterId: '${actor.id}' }, inverted: true },
      ]),
    ).toEqual(['approval-request-and-approve']);
  });

  it('warns when a rule set can create or update and release a transaction', () => {
    const warnings = separationOfDutiesWarnings([
      { action: 'read', subject: 'Transaction' },
      { action: 'update', subject: 'Transaction' },
      { action: 'release', subject: 'Transaction', conditions: { amountMinor: { $lte: 1000 } } },
    ]);
    expect(warnings).toEqual([
      { code: 'transaction-submit-and-release', message: 'The same person could both submit (create or update) and release a transaction.', ruleIndexes: [1, 2] },
    ]);
  });

  it('does not warn when submit and release cover provably different transactions', () => {
    expect(
      codes([
        { action: 'create', subject: 'Transaction', conditions: { currency: 'EUR' } },
        { action: 'release', subject: 'Transaction', conditions: { currency: { $in: ['USD', 'GBP'] } } },
      ]),
    ).toEqual([]);
  });

  it('finds no conflict in any built-in role on its own', () => {
    for (const role of BUILT_IN_ROLES) expect(codes(role.rules), role.key).toEqual([]);
  });
});
