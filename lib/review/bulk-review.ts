/**
 * Bulk assign and bulk decline: each selected item is authorised and changed on its own (its
 * own conditional update, audit event and, for declines, webhook), so one refused or stale item
 * never blocks the rest; the result says which were skipped and why.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { isAppError, validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { applyDecision, insertNote } from './apply-decision';
import { assignTransaction } from './claim-transaction';
import { REASON_CODES, ZReviewNote } from './decision-codes';
import { assertDecidableBy } from './decide-transaction';
import { auditActor, loadForAction } from './load-transaction';

export const BULK_MAX = 100;
const ZIds = z.array(z.uuid('Unknown transaction')).min(1, 'Select at least one transaction').max(BULK_MAX, `Select at most ${BULK_MAX} transactions`);

export type TBulkResult = { done: string[]; skipped: { id: string; reason: string }[] };

/** A refusal or conflict as a short reason for the report (never an internal error's text). */
function skipReason(e: unknown): string {
  if (!isAppError(e)) throw e;
  if (e.code === 'NOT_FOUND') return 'not found';
  if (e.code === 'FORBIDDEN') return 'you may not act on it';
  return e.message;
}

async function eachItem(ids: string[], work: (id: string) => Promise<void>): Promise<TBulkResult> {
  const result: TBulkResult = { done: [], skipped: [] };
  for (const id of new Set(ids)) {
    try {
      await work(id);
      result.done.push(id);
    } catch (e) {
      result.skipped.push({ id, reason: skipReason(e) });
    }
  }
  return result;
}

export const ZBulkAssignInput = z.strictObject({ transactionIds: ZIds, assigneeId: z.uuid('Choose a colleague') });

export async function bulkAssign(db: TDb, actor: TActor, raw: unknown): Promise<TBulkResult> {
  const parsed = ZBulkAssignInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { assigneeId } = parsed.data;
  // Someone who may assign nothing at all is refused outright; otherwise each item is checked on its own.
  await authorize(db, actor, 'assign', 'Transaction');
  return eachItem(parsed.data.transactionIds, async (transactionId) => {
    await assignTransaction(db, actor, { transactionId, assigneeId }, { bulk: true });
  });
}

export const ZBulkDeclineInput = z
  .strictObject({ transactionIds: ZIds, reasonCode: z.string().min(1, 'Choose a reason').max(64), note: ZReviewNote })
  .refine((d) => Object.hasOwn(REASON_CODES.decline, d.reasonCode), { path: ['reasonCode'], message: 'Choose one of the listed reasons' });

export async function bulkDecline(db: TDb, actor: TActor, raw: unknown): Promise<TBulkResult> {
  const parsed = ZBulkDeclineInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { reasonCode, note } = parsed.data;
  await authorize(db, actor, 'decline', 'Transaction');
  return eachItem(parsed.data.transactionIds, async (transactionId) => {
    const row = await loadForAction(db, actor, transactionId, 'decline');
    assertDecidableBy(row, actor.staff.id);
    await db.transaction(async (tx) => {
      const noteId = await insertNote(tx, row.id, actor.staff.id, note);
      await applyDecision(tx, { transactionId: row.id, decision: 'decline', reasonCode, actorId: actor.staff.id, meta: auditActor(actor).meta, version: row.version, holderMayBe: actor.staff.id, noteId, bulk: true });
    });
  });
}
