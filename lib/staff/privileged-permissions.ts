/** Which permissions count as privileged (issue: granting them needs a fresh passkey confirmation, later an approval). */
import type { TRoleRule } from '@/db/schema';

const PRIVILEGED: { subject: string; actions: string[] }[] = [
  { subject: 'Role', actions: ['manage', 'create', 'update', 'assign'] },
  { subject: 'Staff', actions: ['manage', 'update'] },
  // Creating an invite hands its role to a new account; a role that may invite is as strong as what it may offer.
  { subject: 'Invite', actions: ['manage', 'create'] },
  { subject: 'ServiceToken', actions: ['manage', 'create'] },
  { subject: 'Settings', actions: ['manage', 'update'] },
  { subject: 'ApprovalPolicy', actions: ['manage', 'update', 'create'] },
  { subject: 'ApprovalRequest', actions: ['manage', 'approve'] },
  { subject: 'CustomerPII', actions: ['manage', 'reveal'] },
];

/** True when a rule set grants (not denies) any privileged permission. */
export function grantsPrivilege(rules: readonly TRoleRule[]): boolean {
  return rules.some((rule) => {
    if (rule.inverted) return false;
    const actions = Array.isArray(rule.action) ? rule.action : [rule.action];
    return PRIVILEGED.some((p) => (rule.subject === p.subject || rule.subject === 'all') && actions.some((a) => p.actions.includes(a) || a === 'manage'));
  });
}
