/** The built-in roles seeded on first start. The roles issue refines their rules and adds editing. */
import type { TRoleRule } from '@/db/schema';

export type TBuiltInRole = { key: string; name: string; description: string; rules: TRoleRule[] };

export const ADMINISTRATOR_ROLE_KEY = 'administrator';

export const BUILT_IN_ROLES: TBuiltInRole[] = [
  {
    key: ADMINISTRATOR_ROLE_KEY,
    name: 'Administrator',
    description: 'Manages staff, invites, roles, settings and service tokens. Takes no transaction decisions.',
    rules: [
      { action: 'manage', subject: 'Staff' },
      { action: 'manage', subject: 'Invite' },
      { action: 'manage', subject: 'Role' },
      { action: 'manage', subject: 'Settings' },
      { action: 'manage', subject: 'ServiceToken' },
      { action: ['read', 'approve'], subject: 'ApprovalRequest' },
      { action: ['read', 'update'], subject: 'ApprovalPolicy' },
      { action: 'read', subject: 'CspReport' },
      { action: 'read', subject: 'AuditEvent' },
      { action: 'verify', subject: 'AuditEvent' },
    ],
  },
  {
    key: 'compliance-officer',
    name: 'Compliance officer',
    description: 'Reviews frozen transactions: assign, release, decline or escalate within limits; reads the audit log; reveals PII with a reason.',
    rules: [
      { action: ['read', 'review', 'assign', 'release', 'decline', 'escalate'], subject: 'Transaction' },
      { action: 'reveal', subject: 'CustomerPII' },
      { action: ['read', 'approve'], subject: 'ApprovalRequest' },
      // Approvers of risk-rule changes read the draft they sign.
      { action: 'read', subject: 'RiskRuleSet' },
      { action: 'read', subject: 'AuditEvent' },
      { action: 'read', subject: 'Staff', fields: ['id', 'name'] },
    ],
  },
  {
    key: 'ops-approver',
    name: 'Ops approver',
    description: 'Approves approval requests; reads transactions.',
    rules: [
      { action: ['read', 'approve'], subject: 'ApprovalRequest' },
      { action: 'read', subject: 'Transaction' },
      { action: 'read', subject: 'Staff', fields: ['id', 'name'] },
    ],
  },
  {
    key: 'risk-analyst',
    name: 'Risk analyst',
    description: 'Edits and backtests risk-rule drafts and submits them for approval; reads transactions.',
    rules: [
      { action: ['read', 'update', 'request'], subject: 'RiskRuleSet' },
      { action: 'request', subject: 'ApprovalRequest' },
      { action: 'read', subject: 'Transaction' },
    ],
  },
  {
    key: 'auditor',
    name: 'Auditor',
    description: 'Read-only: the audit log including export and verification; transactions masked.',
    rules: [
      { action: ['read', 'export', 'verify'], subject: 'AuditEvent' },
      { action: 'read', subject: 'Transaction' },
      { action: 'read', subject: 'Staff', fields: ['id', 'name'] },
    ],
  },
];
