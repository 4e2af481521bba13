/**
 * `staff.privileged-invite`: an invite that offers a role with privileged permissions is the
 * same grant as assigning that role to an existing person, so it waits for the same two
 * administrators. Executing it creates the invite; the requester then issues its one-time link
 * (lib/staff/invite-link.ts). The summary names only what the executor uses, re-checked against
 * the database when the request is opened, edited and executed.
 */
import { z } from 'zod';
import { executePrivilegedInvite, validatePrivilegedInvite } from '@/lib/staff/execute-privileged-invite';
import { defineActionType } from '../action-type';
import { singleStepPolicy } from '../policy-schema';

export const ZPrivilegedInvitePayload = z.strictObject({
  name: z.string().trim().min(2).max(120),
  email: z.string().trim().toLowerCase().email().max(254),
  roleId: z.uuid(),
  roleKey: z.string().min(1).max(48),
  addedPrivileges: z.array(z.string().max(80)).min(1).max(100),
});
export type TPrivilegedInvitePayload = z.infer<typeof ZPrivilegedInvitePayload>;

export const staffPrivilegedInvite = defineActionType({
  key: 'staff.privileged-invite',
  label: 'Invite with a privileged role',
  payloadSchema: ZPrivilegedInvitePayload,
  defaultPolicy: singleStepPolicy('administrator', 2, 'Two administrators'),
  requestPermission: { action: 'create', subject: 'Invite' },
  summarize: (p) => `Invite ${p.name} <${p.email}> as ${p.roleKey}. Adds privileged permissions: ${p.addedPrivileges.join(', ')}.`,
  validateRequest: (tx, p, requesterId) => validatePrivilegedInvite(tx, p, requesterId),
  execute: (tx, p, ctx) => executePrivilegedInvite(tx, p, ctx),
});
