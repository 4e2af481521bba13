/**
 * The approvals inbox: "waiting for me" (pending, my role or name on the open step, not mine,
 * not yet decided by me on this version), "requested by me", and "all I may see" (my `read`
 * rules in SQL, plus my own). Filters and keyset paging (createdAt desc, id desc) run in SQL.
 */
import 'server-only';
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { approvalDecisions, approvalRequests, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { caslToSql, type TColumnMap } from '@/lib/permissions/casl-to-sql';
import { z } from '@/lib/zod-setup';
import { findActionType } from './registry';
import type { TApprovalListPage } from './types';

export const APPROVAL_REQUEST_COLUMNS: TColumnMap<'ApprovalRequest'> = {
  id: approvalRequests.id,
  actionType: approvalRequests.actionType,
  requesterId: approvalRequests.requesterId,
  status: approvalRequests.status,
  amountMinor: approvalRequests.amountMinor,
  currency: approvalRequests.currency,
  stepRoleKey: sql`(${approvalRequests.currentStepRoleKeys})[1]`,
  createdAt: approvalRequests.createdAt,
  expiresAt: approvalRequests.expiresAt,
};

export const ZListApprovalsInput = z.strictObject({
  tab: z.enum(['waiting', 'mine', 'all']).default('waiting'),
  type: z.string().max(64).optional(),
  status: z.enum(['pending', 'approved', 'executed', 'rejected', 'expired', 'cancelled', 'failed']).optional(),
  requester: z.uuid().optional(),
  olderThanHours: z.coerce.number().int().min(0).max(24 * 365).optional(),
  newerThanHours: z.coerce.number().int().min(0).max(24 * 365).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(Number(ms));
  if (!id || Number.isNaN(at.getTime()) || !z.uuid().safeParse(id).success) throw validationError([{ path: ['cursor'], message: 'Invalid page cursor; start from the first page' }]);
  return { at, id };
}

/** The "waiting for me" condition, shared with countWaitingForMe. */
export function waitingForMe(actor: TActor): SQL {
  const keys = actor.roles.map((r) => r.key);
  const mySlot = keys.length
    ? or(sql`${approvalRequests.currentStepRoleKeys} && ${sql`ARRAY[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`}`, sql`${actor.staff.id}::uuid = ANY(${approvalRequests.currentStepStaffIds})`)!
    : sql`${actor.staff.id}::uuid = ANY(${approvalRequests.currentStepStaffIds})`;
  const decided = sql`EXISTS (SELECT 1 FROM ${approvalDecisions} WHERE ${approvalDecisions.requestId} = ${approvalRequests.id} AND ${approvalDecisions.requestVersion} = ${approvalRequests.version} AND ${approvalDecisions.staffId} = ${actor.staff.id})`;
  return and(eq(approvalRequests.status, 'pending'), sql`${approvalRequests.expiresAt} > now()`, sql`${approvalRequests.requesterId} <> ${actor.staff.id}`, mySlot, sql`NOT ${decided}`, caslToSql(actor.ability, 'approve', 'ApprovalRequest', APPROVAL_REQUEST_COLUMNS))!;
}

export async function listApprovalRequests(db: TDb, actor: TActor, raw: unknown): Promise<TApprovalListPage> {
  const parsed = ZListApprovalsInput.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(parsed.error.issues);
  const f = parsed.data;
  const cursor = decodeCursor(f.cursor);
  const now = Date.now();
  const where = [
    f.tab === 'waiting' ? waitingForMe(actor) : f.tab === 'mine' ? eq(approvalRequests.requesterId, actor.staff.id) : or(eq(approvalRequests.requesterId, actor.staff.id), caslToSql(actor.ability, 'read', 'ApprovalRequest', APPROVAL_REQUEST_COLUMNS)),
    f.type ? eq(approvalRequests.actionType, f.type) : undefined,
    f.status ? eq(approvalRequests.status, f.status) : undefined,
    f.requester ? eq(approvalRequests.requesterId, f.requester) : undefined,
    f.olderThanHours !== undefined ? lte(approvalRequests.createdAt, new Date(now - f.olderThanHours * 3600_000)) : undefined,
    f.newerThanHours !== undefined ? gte(approvalRequests.createdAt, new Date(now - f.newerThanHours * 3600_000)) : undefined,
    cursor ? or(lt(approvalRequests.createdAt, cursor.at), and(eq(approvalRequests.createdAt, cursor.at), lt(approvalRequests.id, cursor.id))) : undefined,
  ];
  const rows = await db
    .select({ r: approvalRequests, requesterName: staff.name })
    .from(approvalRequests)
    .innerJoin(staff, eq(staff.id, approvalRequests.requesterId))
    .where(and(...where))
    .orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ r, requesterName }) => ({
      id: r.id, actionType: r.actionType, actionLabel: findActionType(r.actionType)?.label ?? r.actionType, summary: r.summary,
      requester: { id: r.requesterId, name: requesterName },
      // Expiry is also applied on read of the request itself; a list shows the effective state.
      status: r.status === 'pending' && r.expiresAt.getTime() <= now ? 'expired' : r.status,
      version: r.version, currentStep: r.currentStep, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(),
    })),
    nextCursor: rows.length > f.limit && last ? Buffer.from(`${last.r.createdAt.getTime()}|${last.r.id}`).toString('base64url') : null,
  };
}

