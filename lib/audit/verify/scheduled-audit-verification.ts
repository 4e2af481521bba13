/**
 * Scheduled verification: every AUDIT_VERIFY_INTERVAL_MINUTES (0 = off; off by default under
 * APP_ENV=test so test servers never pay for it) the server verifies every chain and alerts
 * administrators once per problem. The first run waits one interval, so start-up is not
 * slowed; runs never overlap; the timer does not keep the process alive. `npm run
 * audit:verify -- --record` does the same from cron. Each pass also checks the audit queue:
 * events waiting too long to be linked (a stopped sequencer) alert administrators too.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { logger } from '@/lib/log/logger';
import { checkAuditQueueBacklog } from '../check-audit-queue-backlog';
import { listAuditChains } from '../list-audit-chains';
import { verifyAuditChain, type TVerifyAuditChainResult } from '../verify-audit-chain';
import { alertAuditQueueStallOnce } from './alert-queue-stall';
import { alertVerificationFailureOnce } from './alert-verification-failure';

/** One pass over every chain; failures are alerted (once per problem) and returned. */
export async function runScheduledAuditVerification(db: TDb, opts: { queueStallSeconds?: number } = {}): Promise<TVerifyAuditChainResult[]> {
  const chains = await listAuditChains(db);
  const results: TVerifyAuditChainResult[] = [];
  for (const chain of chains) {
    const result = await verifyAuditChain(db, { chain });
    results.push(result);
    if (!result.ok) {
      const alerted = await alertVerificationFailureOnce(db, result);
      logger().error({ chain, problem: result.problem, alerted }, 'scheduled audit verification failed');
    }
  }
  const backlog = await checkAuditQueueBacklog(db, { stallSeconds: opts.queueStallSeconds });
  if (backlog.stalled) {
    const alerted = await alertAuditQueueStallOnce(db, backlog);
    logger().error({ count: backlog.count, oldestAgeSeconds: backlog.oldestAgeSeconds, alerted }, 'audit queue stalled');
  }
  return results;
}

/** Starts the interval; returns a stop function (for tests and shutdown). */
export function startScheduledAuditVerification(getDb: () => Promise<TDb>, minutes: number): () => void {
  if (minutes <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void getDb()
      .then((db) => runScheduledAuditVerification(db))
      .catch((err: unknown) => logger().error({ err }, 'scheduled audit verification could not run'))
      .finally(() => {
        running = false;
      });
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
