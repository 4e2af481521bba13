/**
 * Loads one transaction for a use case and decides access BEFORE any transaction opens (a
 * refusal audits in its own transaction): invisible or missing → 404, visible but the action
 * not permitted on this record → 403.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { asSubject } from '@/lib/permissions/as-subject';
import type { TAction } from '@/lib/permissions/vocabulary';
import { z } from '@/lib/zod-setup';
import { transactionRecord } from './review-item';

export type TTransactionRow = typeof transactions.$inferSelect;
export const ZTransactionId = z.uuid('Unknown transaction');

export async function selectTransaction(db: TDbOrTx, id: string): Promise<TTransactionRow | undefined> {
  const [row] = await db.select().from(transactions).where(eq(transactions.id, id));
  return row;
}

/** May `actor` do `action` on this row (record-level, conditions included)? */
export function canOn(actor: Pick<TActor, 'ability'>, action: TAction, row: TTransactionRow): boolean {
  return actor.ability.can(action, asSubject('Transaction', transactionRecord(row)));
}

/** The row, or a thrown (audited) NOT_FOUND / FORBIDDEN. */
export async function loadForAction(db: TDb, actor: TActor, id: string, action: TAction): Promise<TTransactionRow> {
  const row = await selectTransaction(db, id);
  if (!row || !canOn(actor, 'read', row)) throw await denyAccess(db, actor, { action, subject: 'Transaction', targetId: id, noun: 'transaction' }, 'NOT_FOUND');
  if (!canOn(actor, action, row)) throw await denyAccess(db, actor, { action, subject: 'Transaction', targetId: id });
  return row;
}

export function auditActor(actor: TActor) {
  return { actor: { type: 'staff' as const, id: actor.staff.id }, meta: { ...actor.meta, sessionId: actor.session.id } };
}
