/**
 * `role.privileged-change`: creating or changing a role so that it grants more privileged
 * permissions, or giving a person a role with privileged permissions, happens only when two
 * administrators approve. The executor re-checks the guardrails against the state at execution
 * time (the role is unchanged since the request, the last administrator keeps the role).
 */
import { z } from 'zod';
import { ZRoleRules } from '@/lib/permissions/role-rule-schema';
import { defineActionType } from '../action-type';
import { singleStepPolicy } from '../policy-schema';
import { executeRoleChange, validateRoleChangeRequest } from '@/lib/roles/execute-privileged-role-change';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';

const ZSod = z.boolean().default(false);

export const ZRoleChangePayload = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('role.create'), roleId: z.uuid(), key: z.string().min(2).max(48), name: z.string().min(1).max(60), description: ZPanSafeText(300, { min: 0, label: 'description' }), rules: ZRoleRules, acknowledgeSod: ZSod, addedPrivileges: z.array(z.string().max(80)).max(100) }),
  z.strictObject({
    kind: z.literal('role.update'), roleId: z.uuid(), roleKey: z.string().min(1).max(48), basedOnUpdatedAt: z.iso.datetime({ offset: true }),
    name: z.string().min(1).max(60), description: ZPanSafeText(300, { min: 0, label: 'description' }), rules: ZRoleRules, acknowledgeSod: ZSod, addedPrivileges: z.array(z.string().max(80)).max(100),
  }),
  z.strictObject({ kind: z.literal('staff.assign-roles'), staffId: z.uuid(), staffName: z.string().max(200), roleIds: z.array(z.uuid()).max(20), roleKeys: z.array(z.string().max(48)).max(20), acknowledgeSod: ZSod, addedPrivileges: z.array(z.string().max(80)).max(100) }),
]);
export type TRoleChangePayload = z.infer<typeof ZRoleChangePayload>;

function summarize(p: TRoleChangePayload): string {
  const adds = p.addedPrivileges.length ? ` Adds privileged permissions: ${p.addedPrivileges.join(', ')}.` : '';
  if (p.kind === 'role.create') return `Create role "${p.name}" (${p.key}) with ${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}.${adds}`;
  if (p.kind === 'role.update') return `Change role "${p.name}" (${p.roleKey}) to ${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}.${adds}`;
  return `Set the roles of ${p.staffName} to: ${p.roleKeys.length ? p.roleKeys.join(', ') : '(none)'}.${adds}`;
}

export const rolePrivilegedChange = defineActionType({
  key: 'role.privileged-change',
  label: 'Privileged role or permission change',
  payloadSchema: ZRoleChangePayload,
  defaultPolicy: singleStepPolicy('administrator', 2, 'Two administrators'),
  requestPermission: { action: 'update', subject: 'Role' },
  summarize,
  validateRequest: (tx, p, requesterId) => validateRoleChangeRequest(tx, p, requesterId),
  execute: (tx, p, ctx) => executeRoleChange(tx, p, ctx),
});
