/**
 * Shared plumbing of the approval use cases: loading a request (locked or not), the fields
 * permission conditions see, who may see a request, and the policy step it is on.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { approvalDecisions, approvalRequests } from '@/db/schema';
import type { TDb, TDbOrTx, TTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { asSubject } from '@/lib/permissions/as-subject';
import type { TAction } from '@/lib/permissions/vocabulary';
import type { TPolicyStep, TPolicyTier } from './policy-schema';
import { findPolicyVersion } from './policy-store';

export type TRequestRow = typeof approvalRequests.$inferSelect;

export const ZRequestId = z.uuid('Unknown approval request');

/** The fields ApprovalRequest conditions may use (lib/permissions/subject-fields.ts). */
export function requestSubject(row: TRequestRow, stepRoleKey?: string): Record<string, unknown> {
  return asSubject('ApprovalRequest', {
    id: row.id,
    actionType: row.actionType,
    requesterId: row.requesterId,
    status: row.status,
    amountMinor: Number(row.amountMinor),
    currency: row.currency,
    stepRoleKey: stepRoleKey ?? row.currentStepRoleKeys[0] ?? null,
    summary: row.summary,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  });
}

export async function lockRequest(tx: TTx, id: string): Promise<TRequestRow | undefined> {
  const [row] = await tx.select().from(approvalRequests).where(eq(approvalRequests.id, id)).for('update');
  return row;
}

export async function hasDecidedOn(db: TDbOrTx, requestId: string, staffId: string): Promise<boolean> {
  const [row] = await db.select({ id: approvalDecisions.id }).from(approvalDecisions).where(and(eq(approvalDecisions.requestId, requestId), eq(approvalDecisions.staffId, staffId))).limit(1);
  return Boolean(row);
}

/** Requester, anyone who decided on it, anyone who could sign its current step, or a `read` rule. */
export async function canSeeRequest(db: TDbOrTx, actor: TActor, row: TRequestRow): Promise<boolean> {
  if (row.requesterId === actor.staff.id) return true;
  if (actor.ability.can('read', requestSubject(row) as never)) return true;
  if (row.currentStepStaffIds.includes(actor.staff.id) || actor.roles.some((r) => row.currentStepRoleKeys.includes(r.key))) return true;
  return hasDecidedOn(db, row.id, actor.staff.id);
}

/** The request if the actor may see it; NOT_FOUND (audited) otherwise, the same as a missing id. */
export async function findVisibleRequest(db: TDb, actor: TActor, rawId: unknown, action: TAction = 'read'): Promise<TRequestRow> {
  const parsed = ZRequestId.safeParse(rawId);
  const [row] = parsed.success ? await db.select().from(approvalRequests).where(eq(approvalRequests.id, parsed.data)) : [];
  if (!row || !(await canSeeRequest(db, actor, row))) {
    throw await denyAccess(db, actor, { action, subject: 'ApprovalRequest', ...(parsed.success ? { targetId: parsed.data } : {}), noun: 'approval request' }, 'NOT_FOUND');
  }
  return row;
}

// Stored policy versions never change (unique per type and version, never updated), so they are cached per process.
const policyCache = new Map<string, Awaited<ReturnType<typeof findPolicyVersion>>>();

/** The tier a request was evaluated with (its stored policy version). */
export async function tierOf(db: TDbOrTx, row: Pick<TRequestRow, 'actionType' | 'policyVersion' | 'tierIndex'>): Promise<{ tier: TPolicyTier; oneStepPerPerson: boolean }> {
  const key = `${row.actionType}@${row.policyVersion}`;
  const policy = policyCache.get(key) ?? (await findPolicyVersion(db, row.actionType, row.policyVersion));
  if (policy && policyCache.size < 1000) policyCache.set(key, policy);
  const tier = policy?.definition.tiers[row.tierIndex];
  if (!policy || !tier) throw new Error(`policy ${row.actionType} v${row.policyVersion} tier ${row.tierIndex} is missing`);
  return { tier, oneStepPerPerson: policy.definition.oneStepPerPerson };
}

export function stepAt(tier: TPolicyTier, index: number): TPolicyStep {
  const step = tier.steps[index];
  if (!step) throw new AppError('CONFLICT', 'This request has no such step.');
  return step;
}

export const CLOSED_MESSAGE: Record<string, string> = {
  executed: 'This request was already approved and executed.',
  approved: 'This request was already approved.',
  rejected: 'This request was rejected; no further decisions are possible.',
  expired: 'This request expired; no further decisions are possible.',
  cancelled: 'This request was cancelled by its requester.',
  failed: 'This request was approved but failed to execute; it can only be retried.',
};
