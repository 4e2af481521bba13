/** Reviewer notes on a transaction: PAN-guarded, length-limited, audited (the body stays out of the log). */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { staff, transactionNotes } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { insertNote } from './apply-decision';
import { ZReviewNote } from './decision-codes';
import { auditActor, loadForAction, ZTransactionId } from './load-transaction';

export const ZAddNoteInput = z.strictObject({ transactionId: ZTransactionId, body: ZReviewNote });

export async function addTransactionNote(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string }> {
  const parsed = ZAddNoteInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const row = await loadForAction(db, actor, parsed.data.transactionId, 'review');
  return db.transaction(async (tx) => {
    const id = await insertNote(tx, row.id, actor.staff.id, parsed.data.body);
    await appendAuditEvent(tx, { ...auditActor(actor), action: 'transaction.note_added', target: { type: 'transaction', id: row.id }, result: 'success', data: { noteId: id, length: parsed.data.body.length } });
    return { id };
  });
}

export type TNote = { id: string; body: string; author: string; createdAt: Date };

/** Notes of a transaction the caller has already been allowed to read, oldest first. */
export async function notesOf(db: TDb, transactionId: string): Promise<TNote[]> {
  return db
    .select({ id: transactionNotes.id, body: transactionNotes.body, author: staff.name, createdAt: transactionNotes.createdAt })
    .from(transactionNotes)
    .innerJoin(staff, eq(staff.id, transactionNotes.authorId))
    .where(eq(transactionNotes.transactionId, transactionId))
    .orderBy(asc(transactionNotes.createdAt))
    .limit(200);
}
