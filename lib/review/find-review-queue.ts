/**
 * The review queue: transactions filtered by the URL filter AND the actor's Transaction read
 * rules (in SQL), sorted, keyset-paged (never OFFSET, so a deep page costs what the first
 * does), with the total count of the filter.
 */
import 'server-only';
import { and } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { env } from '@/lib/env';
import { validationError } from '@/lib/errors';
import { encodeCursor, parseQueueFilter, type TQueueFilter } from './queue-filter';
import { permittedTransactions, queueFilterSql, queueOrder, sortKeySql } from './queue-sql';
import { assigneeJoin, assigneeStaff, countAll, hasFieldRules, QUEUE_SELECT, readableWhereverRowIs, toQueueItem, type TQueueItem } from './review-item';

export type TQueuePage = { items: TQueueItem[]; nextCursor: string | null; total: number; filter: TQueueFilter };

/** The two statements of a page (rows and total), unexecuted: the bench runs their SQL text raw for its floor. */
export function reviewQueueStatements(db: TDb, actor: Pick<TActor, 'ability' | 'staff'>, filter: TQueueFilter, now: Date) {
  const where = and(queueFilterSql(filter, { actorId: actor.staff.id, sla: env().review.slaMinutes, now }), permittedTransactions(actor));
  const { orderBy, after } = queueOrder(filter);
  return {
    rows: db
      .select({ ...QUEUE_SELECT, cursorKey: sortKeySql(filter) })
      .from(transactions)
      .leftJoin(assigneeStaff, assigneeJoin)
      .where(and(where, after))
      .orderBy(...orderBy)
      .limit(filter.limit + 1),
    total: db.select({ n: countAll }).from(transactions).where(where),
  };
}

/** One page for an already-parsed filter (the caller has authorised). Exported for the bench. */
export async function queryReviewQueue(db: TDb, actor: Pick<TActor, 'ability' | 'staff'>, filter: TQueueFilter, now: Date, withTotal = true): Promise<TQueuePage> {
  const statements = reviewQueueStatements(db, actor, filter, now);
  const [rows, counted] = await Promise.all([statements.rows, withTotal ? statements.total : Promise.resolve([{ n: -1 }])]);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const fieldRules = hasFieldRules(actor);
  return {
    items: page.map((row) => toQueueItem(row, actor, env().review.slaMinutes, now, fieldRules)),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ k: last.cursorKey, id: last.id }) : null,
    total: counted[0]?.n ?? 0,
    filter,
  };
}

/**
 * The queue page for URL search params; VALIDATION on bad input, FORBIDDEN without read Transaction.
 * A merchant filter needs the merchant name readable on every row: where it is masked, matching
 * on it would answer "does the hidden name contain X?" one substring at a time.
 */
export async function findReviewQueue(db: TDb, actor: TActor, rawFilter: unknown, now: Date = new Date()): Promise<TQueuePage> {
  const filter = parseQueueFilter(rawFilter);
  await authorize(db, actor, 'read', 'Transaction');
  if (filter.merchant !== undefined && !readableWhereverRowIs(actor, 'merchantName')) {
    throw validationError([{ path: ['merchant'], message: 'cannot be used: your role does not show merchant names on every transaction' }]);
  }
  return queryReviewQueue(db, actor, filter, now);
}
