/**
 * Reviewer notes on a transaction: PAN-guarded, length-limited, audited (the body stays out of
 * the log). Each submission carries an id the form chose (it becomes the note's id), so a
 * request delivered twice — a user's retry, or a browser resending a POST cut by an instance
 * crash (docs/ha.md) — stores one note and one audit event, and answers the second time with
 * the same note.
 */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { staff, transactionNotes } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError, validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { ZReviewNote } from './decision-codes';
import { auditActor, loadForAction, ZTransactionId } from './load-transaction';

export const ZAddNoteInput = z.strictObject({ transactionId: ZTransactionId, body: ZReviewNote, submissionId: z.uuid() });

export async function addTransactionNote(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string; replayed: boolean }> {
  const parsed = ZAddNoteInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { body, submissionId } = parsed.data;
  const row = await loadForAction(db, actor, parsed.data.transactionId, 'review');
  return db.transaction(async (tx) => {
    const [note] = await tx
      .insert(transactionNotes)
      .values({ id: submissionId, transactionId: row.id, authorId: actor.staff.id, body })
      .onConflictDoNothing({ target: transactionNotes.id })
      .returning({ id: transactionNotes.id });
    if (!note) {
      const [earlier] = await tx.select().from(transactionNotes).where(eq(transactionNotes.id, submissionId));
      if (earlier && earlier.transactionId === row.id && earlier.authorId === actor.staff.id && earlier.body === body) return { id: earlier.id, replayed: true };
      throw new AppError('CONFLICT', 'This note submission was already used for a different note; reload the page and add it again.');
    }
    await appendAuditEvent(tx, { ...auditActor(actor), action: 'transaction.note_added', target: { type: 'transaction', id: row.id }, result: 'success', data: { noteId: note.id, length: body.length } });
    return { id: note.id, replayed: false };
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
