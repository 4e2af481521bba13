/**
 * The inputs of the role use cases, shared by the data layer (422 on failure) and the role
 * editor form (the same messages before anything is sent). Rules go through ZRoleRules, so
 * the client and the server refuse exactly the same rule sets.
 */
import { z } from '@/lib/zod-setup';
import { ZRoleRules } from '@/lib/permissions/role-rule-schema';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';

/** Keys are stable identifiers (placeholders and audit events name them): lower-case slugs. */
export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9-]*$/;

export const ZRoleId = z.string().uuid('Unknown role');
export const ZRoleName = z.string().trim().min(2, 'Enter a role name of 2 to 60 characters').max(60, 'Enter a role name of 2 to 60 characters');
export const ZRoleKey = z
  .string()
  .trim()
  .min(2, 'Enter a key of 2 to 48 characters')
  .max(48, 'Enter a key of 2 to 48 characters')
  .regex(ROLE_KEY_PATTERN, 'Use lower-case letters, digits and hyphens, starting with a letter');
export const ZRoleDescription = ZPanSafeText(300, { min: 0, label: 'description' }).default('');

const roleFields = {
  name: ZRoleName,
  description: ZRoleDescription,
  rules: ZRoleRules,
  /** Required (true) when the rules break separation of duties; recorded in the audit event. */
  acknowledgeSod: z.boolean().default(false),
  /** Why: recorded on the approval request when the change adds privileged permissions. */
  reason: ZPanSafeText(1000, { min: 0, label: 'reason' }).optional(),
};

export const ZCreateRoleInput = z.strictObject({ key: ZRoleKey, ...roleFields });
export type TCreateRoleInput = z.input<typeof ZCreateRoleInput>;

export const ZUpdateRoleInput = z.strictObject({
  id: ZRoleId,
  /** The `updatedAt` the editor loaded: a save over someone else's newer change is refused. */
  updatedAt: z.iso.datetime({ offset: true, message: 'Reload the role: its version is missing' }),
  ...roleFields,
});
export type TUpdateRoleInput = z.input<typeof ZUpdateRoleInput>;

/** A key derived from a role name ("Fraud reviewer (EU)" → "fraud-reviewer-eu"). */
export function roleKeyFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "é" → "e"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return slug.slice(0, 48).replace(/-+$/, '');
}
