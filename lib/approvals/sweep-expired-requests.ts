/**
 * The periodic expiry sweep: every pending request past its deadline is expired (one audited
 * transaction each). `startApprovalExpirySweep` runs it on an interval in the server process.
 */
import 'server-only';
import { and, eq, lte, sql } from 'drizzle-orm';
import { approvalRequests } from '@/db/schema';
import type { TDb } from '@/db/types';
import { logger } from '@/lib/log/logger';
import { expireById } from './expire-request';

export async function sweepExpiredRequests(db: TDb, limit = 500): Promise<{ expired: number }> {
  const due = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, 'pending'), lte(approvalRequests.expiresAt, sql`now()`)))
    .limit(limit);
  let expired = 0;
  for (const { id } of due) if (await expireById(db, id)) expired++;
  return { expired };
}

let timer: NodeJS.Timeout | undefined;

/** Starts the sweep once per process (idempotent); the timer does not keep the process alive. */
export function startApprovalExpirySweep(getDb: () => Promise<TDb>, everyMs = 60_000): void {
  if (timer) return;
  timer = setInterval(() => {
    getDb()
      .then((db) => sweepExpiredRequests(db))
      .then(({ expired }) => {
        if (expired > 0) logger().info({ expired }, 'approval requests expired');
      })
      .catch((err: unknown) => logger().error({ err: err instanceof Error ? err.message : String(err) }, 'approval expiry sweep failed'));
  }, everyMs);
  timer.unref();
}
