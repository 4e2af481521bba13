/**
 * The write half of creating and changing a role, shared by the direct path (no privileged
 * permission added) and the `role.privileged-change` approval executor, so both store and audit
 * a change the same way. Callers authorise, validate and lock first.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { roles, type TRoleRule } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { roleSnapshot, type TRoleRow } from './role-records';

/** Who the change is recorded against: the person who asked for it (and, via an approval, the request). */
export type TChangeAuthor = { staffId: string; meta: TRequestMeta & { sessionId?: string | null }; approvalRequestId?: string };

type TRoleFields = { name: string; description: string; rules: TRoleRule[]; sod: { sodAcknowledged?: true } };

const reasonOf = (by: TChangeAuthor) => (by.approvalRequestId ? `approved request ${by.approvalRequestId}` : undefined);

export async function applyRoleCreate(tx: TTx, input: TRoleFields & { key: string; id?: string }, by: TChangeAuthor): Promise<TRoleRow> {
  const now = new Date();
  const [row] = await tx
    .insert(roles)
    .values({ ...(input.id ? { id: input.id } : {}), key: input.key, name: input.name, description: input.description, rules: input.rules, builtIn: false, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: roles.key })
    .returning();
  if (!row) throw new AppError('CONFLICT', `A role with the key "${input.key}" already exists; choose another key.`);
  await appendAuditEvent(tx, {
    action: 'role.created',
    actor: { type: 'staff', id: by.staffId },
    target: { type: 'role', id: row.id },
    result: 'success',
    reason: reasonOf(by),
    meta: by.meta,
    after: roleSnapshot(row),
    data: { key: row.key, ...input.sod },
  });
  return row;
}

/** Applies new fields to a role the caller locked (`current`). */
export async function applyRoleUpdate(tx: TTx, current: TRoleRow, input: TRoleFields, by: TChangeAuthor): Promise<TRoleRow> {
  // Strictly later than the version compared by the caller, even within one millisecond.
  const updatedAt = new Date(Math.max(Date.now(), current.updatedAt.getTime() + 1));
  const [row] = await tx
    .update(roles)
    .set({ name: input.name, description: input.description, rules: input.rules, updatedAt })
    .where(eq(roles.id, current.id))
    .returning();
  if (!row) throw new AppError('CONFLICT', 'This role was deleted while you were editing it.');
  await appendAuditEvent(tx, {
    action: 'role.updated',
    actor: { type: 'staff', id: by.staffId },
    target: { type: 'role', id: row.id },
    result: 'success',
    reason: reasonOf(by),
    meta: by.meta,
    before: roleSnapshot(current),
    after: roleSnapshot(row),
    data: { key: row.key, ...input.sod },
  });
  return row;
}
