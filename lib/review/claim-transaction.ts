/**
 * Claiming work: claim one item, assign it to a colleague, release a claim. Each is a
 * conditional update on (id, version, expected state) with its audit event in the same
 * transaction, so two reviewers racing for one item get one success and one CONFLICT.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { staff, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError, validationError } from '@/lib/errors';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';
import { z } from '@/lib/zod-setup';
import { auditActor, canOn, loadForAction, selectTransaction, ZTransactionId, type TTransactionRow } from './load-transaction';

/** Statuses a reviewer can take (frozen waits; escalated waits for a senior reviewer). */
export const CLAIMABLE = ['frozen', 'escalated'] as const;
const ZVersion = z.number().int().min(0).optional();

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

function staleError(): AppError {
  return new AppError('CONFLICT', 'This transaction changed since you loaded it (claimed, assigned or decided by someone else). Reload and try again.');
}

/** Status after a claim: a frozen item moves to in_review; an escalated one stays escalated with its new owner. */
const claimedStatus = sql`case when ${transactions.status} = 'frozen' then 'in_review'::transaction_status else ${transactions.status} end`;

/** Sets the assignee of `row` if it is still at `version` and unclaimed (or, for reassignment, in any open state). */
async function setAssignee(db: TDb, actor: TActor, row: TTransactionRow, input: { assigneeId: string; version: number; reassign: boolean; audit: 'claimed' | 'assigned'; via?: 'claim' | 'next'; bulk?: boolean }) {
  return db.transaction(async (tx) => {
    const states = input.reassign ? ['frozen', 'in_review', 'escalated'] as const : CLAIMABLE;
    const [updated] = await tx
      .update(transactions)
      .set({ assigneeId: input.assigneeId, claimedAt: new Date(), status: claimedStatus, version: sql`${transactions.version} + 1` })
      .where(and(eq(transactions.id, row.id), eq(transactions.version, input.version), inArray(transactions.status, [...states]), input.reassign ? undefined : sql`${transactions.assigneeId} is null`))
      .returning({ version: transactions.version, status: transactions.status });
    if (!updated) throw staleError();
    const base = { ...auditActor(actor), target: { type: 'transaction', id: row.id }, result: 'success' as const, before: { status: row.status, assigneeId: row.assigneeId }, after: { status: updated.status, assigneeId: input.assigneeId } };
    if (input.audit === 'claimed') await appendAuditEvent(tx, { ...base, action: 'transaction.claimed', data: { via: input.via ?? 'claim', version: updated.version } });
    else await appendAuditEvent(tx, { ...base, action: 'transaction.assigned', data: { assigneeId: input.assigneeId, previousAssigneeId: row.assigneeId, bulk: input.bulk ?? false, version: updated.version } });
    return { id: row.id, version: updated.version, status: updated.status };
  });
}

const ZClaim = z.strictObject({ transactionId: ZTransactionId, version: ZVersion });

/** Claims an unassigned frozen (or escalated) item for the actor. */
export async function claimTransaction(db: TDb, actor: TActor, raw: unknown) {
  const input = parse(ZClaim, raw);
  const row = await loadForAction(db, actor, input.transactionId, 'review');
  if (row.assigneeId === actor.staff.id) throw new AppError('CONFLICT', 'You already hold this transaction.');
  if (row.assigneeId || !(CLAIMABLE as readonly string[]).includes(row.status)) throw new AppError('CONFLICT', 'This transaction is not waiting for a reviewer (claimed or decided already).');
  return setAssignee(db, actor, row, { assigneeId: actor.staff.id, version: input.version ?? row.version, reassign: false, audit: 'claimed' });
}

/** Whether `staffId` is an active colleague allowed to review this transaction. */
export async function canReview(db: TDb, staffId: string, row: TTransactionRow): Promise<boolean> {
  const [person] = await db.select().from(staff).where(eq(staff.id, staffId));
  if (!person || person.status !== 'active') return false;
  return canOn({ ability: buildAbilityForRoles(await loadRoles(db, staffId), person) }, 'review', row);
}

const ZAssign = z.strictObject({ transactionId: ZTransactionId, assigneeId: z.uuid('Choose a colleague'), version: ZVersion });

/** Assigns (or reassigns) an open item to a colleague who may review it; needs `assign`. */
export async function assignTransaction(db: TDb, actor: TActor, raw: unknown, opts: { bulk?: boolean } = {}) {
  const input = parse(ZAssign, raw);
  const row = await loadForAction(db, actor, input.transactionId, 'assign');
  if (!['frozen', 'in_review', 'escalated'].includes(row.status)) throw new AppError('CONFLICT', 'This transaction is already decided.');
  if (row.assigneeId === input.assigneeId) throw new AppError('CONFLICT', 'It is already assigned to that person.');
  if (!(await canReview(db, input.assigneeId, row))) throw new AppError('VALIDATION', 'assigneeId: that person cannot review this transaction', { issues: [{ path: 'assigneeId', message: 'Not an active reviewer for this transaction' }] });
  return setAssignee(db, actor, row, { assigneeId: input.assigneeId, version: input.version ?? row.version, reassign: true, audit: 'assigned', bulk: opts.bulk });
}

/** Gives a claim back to the queue. One's own claim needs `review`; someone else's needs `assign`. */
export async function releaseClaim(db: TDb, actor: TActor, raw: unknown) {
  const input = parse(ZClaim, raw);
  const peek = await selectTransaction(db, input.transactionId);
  const own = peek?.assigneeId === actor.staff.id;
  const row = await loadForAction(db, actor, input.transactionId, own ? 'review' : 'assign');
  if (!row.assigneeId) throw new AppError('CONFLICT', 'Nobody holds this transaction.');
  const version = input.version ?? row.version;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(transactions)
      .set({ assigneeId: null, claimedAt: null, status: sql`case when ${transactions.status} = 'in_review' then 'frozen'::transaction_status else ${transactions.status} end`, version: sql`${transactions.version} + 1` })
      .where(and(eq(transactions.id, row.id), eq(transactions.version, version), eq(transactions.assigneeId, row.assigneeId!), inArray(transactions.status, ['in_review', 'escalated'])))
      .returning({ version: transactions.version, status: transactions.status });
    if (!updated) throw staleError();
    await appendAuditEvent(tx, {
      ...auditActor(actor),
      action: 'transaction.claim_released',
      target: { type: 'transaction', id: row.id },
      result: 'success',
      before: { status: row.status, assigneeId: row.assigneeId },
      after: { status: updated.status, assigneeId: null },
      data: { previousAssigneeId: row.assigneeId!, version: updated.version },
    });
    return { id: row.id, version: updated.version, status: updated.status };
  });
}
