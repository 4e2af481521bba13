/** Process start: database ready, roles seeded, setup link printed when needed. Failures stop the process with a clear message. */
import 'server-only';
import { getDb, getDbHandle } from '@/db/client';
import { startApprovalExpirySweep } from '@/lib/approvals/sweep-expired-requests';
import { startOverdueSweep } from '@/lib/review/sweep-overdue-reviews';
import { seedBuiltInRoles, seedDemoStaff } from '@/db/seed';
import { startDemoTransactionSeed } from '@/db/seed-transactions';
import { startIdempotencyKeyPrune } from '@/lib/transactions/ingest-idempotency';
import { issueSetupLinkIfNeeded } from '@/lib/auth/setup-link';
import { startScheduledAuditVerification } from '@/lib/audit/verify/scheduled-audit-verification';
import { startAuditSequencer } from '@/lib/audit/audit-sequencer';
import { env, EnvError } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { outboxConfigFromEnv } from '@/lib/outbox/outbox-config';
import { startOutboxWorker } from '@/lib/outbox/outbox-worker';

export async function bootstrap(): Promise<void> {
  try {
    const e = env();
    const started = Date.now();
    const { db, driver } = await getDbHandle();
    await seedBuiltInRoles(db);
    if (e.seedDemoData) {
      const created = await seedDemoStaff(db);
      if (created > 0) logger().info({ created }, 'seeded demo staff (shown as invited: no passkeys)');
      // ~5,000 synthetic transactions through the real ingest path, in the background (db/seed-transactions.ts).
      startDemoTransactionSeed(getDb);
    }
    logger().info({ driver, appEnv: e.appEnv, ms: Date.now() - started }, 'database ready');
    // Pending approval requests past their deadline become `expired` (audited) within a minute.
    startApprovalExpirySweep(getDb);
    // Frozen items past their review SLA notify the responsible staff once (lib/review/sweep-overdue-reviews.ts).
    startOverdueSweep(getDb);
    // Idempotency-Keys of the ingest API are kept 24 hours, then pruned hourly.
    startIdempotencyKeyPrune(getDb);
    const outbox = outboxConfigFromEnv();
    // OUTBOX_POLL_SECONDS=0 leaves delivery to `npm run outbox:deliver` (e.g. a separate worker).
    if (outbox.pollSeconds > 0) startOutboxWorker(getDb, outbox, outbox.pollSeconds * 1000);
    // Links events queued by enqueueAuditEvent into their chains (every 50-100 ms; safe on every instance).
    startAuditSequencer(getDb);
    // Verifies the audit chains every AUDIT_VERIFY_INTERVAL_MINUTES and alerts administrators on a break.
    startScheduledAuditVerification(getDb, e.auditVerifyIntervalMinutes);
    const link = await issueSetupLinkIfNeeded(db);
    if (link) {
      // The one token this product ever prints, by design: it is how the first administrator gets in.
      // It is single use, expires in one hour, and is replaced at the next start.
      console.log(`\n  Countersign has no administrator yet. Open this one-time setup link (valid 1 hour):\n\n    ${link}\n`);
    }
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
    } else {
      console.error(`Countersign could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.exit(1);
  }
}
