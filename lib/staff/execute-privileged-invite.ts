/**
 * Checks and execution of a `staff.privileged-invite` request. Everything the approvers read is
 * re-derived from the database here (the role's key, that it is privileged) and must match the
 * payload, so an edited payload cannot make the summary lie; the requester must still be allowed
 * to invite and to hand out this role, both when asking and when the request executes.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { invites, roles, staff, type TRoleRule } from '@/db/schema';
import type { TTx } from '@/db/types';
import type { TExecuteContext } from '@/lib/approvals/action-type';
import type { TPrivilegedInvitePayload } from '@/lib/approvals/action-types/staff-privileged-invite';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { randomToken, sha256Hex } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { asSubject } from '@/lib/permissions/as-subject';
import { roleSubject } from '@/lib/roles/role-records';
import { grantsPrivilege } from './privileged-permissions';
import { currentAbilityOf } from './staff-ability';

export const INVITE_TTL_MS = 72 * 3600 * 1000;

/** What an invite offering this role adds, as the approvers read it; empty when the role is not privileged. */
export function invitePrivileges(role: { key: string; rules: unknown }): string[] {
  return grantsPrivilege(role.rules as TRoleRule[]) ? [`role ${role.key}`] : [];
}

async function assertStillValid(tx: TTx, p: TPrivilegedInvitePayload, requesterId: string): Promise<void> {
  const [role] = await tx.select().from(roles).where(eq(roles.id, p.roleId));
  if (!role) throw new AppError('CONFLICT', 'The role of this invite no longer exists.');
  const privileges = invitePrivileges(role);
  if (role.key !== p.roleKey || privileges.length === 0 || JSON.stringify(privileges) !== JSON.stringify(p.addedPrivileges)) {
    throw new AppError('CONFLICT', 'The role of this invite does not match the request; ask again from the invite form.');
  }
  const ability = await currentAbilityOf(tx, requesterId);
  if (!ability?.can('create', 'Invite') || !ability.can('assign', asSubject('Role', roleSubject(role)))) {
    throw new AppError('FORBIDDEN', 'The requester may not invite people with this role.');
  }
  const [taken] = await tx.select({ id: staff.id }).from(staff).where(sql`lower(${staff.email}) = ${p.email}`);
  if (taken) throw new AppError('CONFLICT', 'A staff member with this email already exists.');
}

export const validatePrivilegedInvite = assertStillValid;

export async function executePrivilegedInvite(tx: TTx, p: TPrivilegedInvitePayload, ctx: TExecuteContext): Promise<Record<string, unknown>> {
  await assertStillValid(tx, p, ctx.requesterId);
  // Nobody knows this token: the invite works only once the requester issues its link.
  const [row] = await tx
    .insert(invites)
    .values({ name: p.name, email: p.email, roleId: p.roleId, tokenHash: sha256Hex(randomToken()), createdBy: ctx.requesterId, expiresAt: new Date(Date.now() + INVITE_TTL_MS) })
    .returning({ id: invites.id, expiresAt: invites.expiresAt });
  await appendAuditEvent(tx, {
    action: 'invite.created',
    actor: { type: 'staff', id: ctx.requesterId },
    target: { type: 'invite', id: row!.id },
    result: 'success',
    reason: `approved request ${ctx.requestId}`,
    meta: ctx.meta,
    after: { name: p.name, email: p.email, role: p.roleKey },
    data: { role: p.roleKey },
  });
  return { inviteId: row!.id, expiresAt: row!.expiresAt.toISOString() };
}
