/**
 * Does a rule change widen privileged permissions? The issue asks for a fresh passkey when a
 * change ADDS privileged permissions; renaming a role or removing a grant must not. What counts
 * as privileged is the staff module's `grantsPrivilege` (one definition for assigning a role
 * and for editing one), applied here to one action of one rule at a time.
 *
 * Conservative on purpose: a privileged grant whose conditions or fields changed counts as new
 * (it may reach more records), and so does a removed denial on a subject with privileged actions.
 */
import type { TRoleRule } from '@/db/schema';
import { grantsPrivilege } from '@/lib/staff/privileged-permissions';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** One signature per (privileged action, subject, scope) a rule set grants or denies. */
function privilegedSignatures(rules: readonly TRoleRule[]): { grants: Map<string, string>; denials: Map<string, string> } {
  const grants = new Map<string, string>();
  const denials = new Map<string, string>();
  for (const rule of rules) {
    for (const action of Array.isArray(rule.action) ? rule.action : [rule.action]) {
      // A denial narrows whatever else the role grants on its subject (`manage Staff` minus
      // `delete Staff`), so any denial on a subject with privileged actions is tracked.
      const tracked = rule.inverted ? grantsPrivilege([{ action: 'manage', subject: rule.subject }]) : grantsPrivilege([{ action, subject: rule.subject }]);
      if (!tracked) continue;
      const scope = stableJson({ conditions: rule.conditions ?? null, fields: rule.fields ? [...rule.fields].sort() : null });
      (rule.inverted ? denials : grants).set(`${action}|${rule.subject}|${scope}`, `${action} ${rule.subject}`);
    }
  }
  return { grants, denials };
}

/** The privileged permissions ("approve ApprovalRequest") the change adds or widens; empty when none. */
export function addedPrivileges(before: readonly TRoleRule[], after: readonly TRoleRule[]): string[] {
  const was = privilegedSignatures(before);
  const now = privilegedSignatures(after);
  const added = new Set<string>();
  for (const [signature, label] of now.grants) if (!was.grants.has(signature)) added.add(label);
  for (const [signature, label] of was.denials) if (!now.denials.has(signature)) added.add(label);
  return [...added].sort();
}
