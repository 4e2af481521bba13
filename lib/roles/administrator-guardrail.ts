/**
 * The Administrator role must keep unconditional `manage Staff` and `manage Role`: without
 * them nobody could invite, enable or re-empower administrators, and the console would lose
 * its administration for good (no edit can undo it from inside the product).
 */
import type { TRoleRule } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';

const REQUIRED_SUBJECTS = ['Staff', 'Role'] as const;

function touches(rule: TRoleRule, subject: string): boolean {
  return rule.subject === subject || rule.subject === 'all';
}

/** True when the rules grant `manage` on the subject with no conditions, no field limits and no denial on it. */
export function keepsFullControl(rules: readonly TRoleRule[], subject: string): boolean {
  const granted = rules.some(
    (r) => !r.inverted && touches(r, subject) && !r.conditions && !r.fields && (Array.isArray(r.action) ? r.action : [r.action]).includes('manage'),
  );
  // Any denial on the subject takes part of the power away; refuse rather than reason about which part.
  const denied = rules.some((r) => r.inverted && touches(r, subject));
  return granted && !denied;
}

export function assertAdministratorKeepsPowers(roleKey: string, rules: readonly TRoleRule[]): void {
  if (roleKey !== ADMINISTRATOR_ROLE_KEY) return;
  const missing = REQUIRED_SUBJECTS.filter((s) => !keepsFullControl(rules, s));
  if (missing.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `The Administrator role must keep "manage ${missing.join('" and "manage ')}" without conditions, field limits or denials, so the console never loses its administrators' powers.`,
  );
}
