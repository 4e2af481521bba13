/** The scheduled check: verifies every chain, alerts once per problem, and is off at 0 minutes. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { enqueueAuditEvent } from '../enqueue-audit-event';
import { sampleSignInEvent } from '../sample-audit-event';
import { sequenceAuditQueue } from '../sequence-audit-queue';
import { appendSampleEvents, withTriggersBypassed } from '../test-helpers';
import { runScheduledAuditVerification, startScheduledAuditVerification } from './scheduled-audit-verification';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
});

const alerts = async () => (await listNotifications(t.db, 'administrator', 100)).filter((n) => n.kind === 'audit.verification_failed');

describe('scheduled audit verification', () => {
  it('verifies every chain and alerts administrators once about a broken one', async () => {
    await appendSampleEvents(t.db, 5, 's-ok');
    await appendSampleEvents(t.db, 5, 's-bad');
    await withTriggersBypassed(t, async (tx) => {
      await tx.update(auditEvents).set({ actorId: 'someone-else' }).where(and(eq(auditEvents.chain, 's-bad'), eq(auditEvents.seq, 3)));
    });
    const results = await runScheduledAuditVerification(t.db);
    expect(results.find((r) => r.chain === 's-ok')).toMatchObject({ ok: true, checked: 5 });
    expect(results.find((r) => r.chain === 's-bad')).toMatchObject({ ok: false, problem: { seq: 3, kind: 'modified' } });
    expect((await alerts()).map((a) => a.title)).toEqual(['Audit chain "s-bad" failed verification at seq 3 (modified)']);
    await runScheduledAuditVerification(t.db);
    expect(await alerts()).toHaveLength(1);
  });

  it('alerts administrators once when queued audit events wait too long to be linked, and not while the queue is fresh', async () => {
    const stalls = async () => (await listNotifications(t.db, 'administrator', 100)).filter((n) => n.kind === 'audit.queue_stalled');
    await t.db.transaction((tx) => enqueueAuditEvent(tx, sampleSignInEvent('s-queued', 1)));
    await runScheduledAuditVerification(t.db);
    expect(await stalls()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 20));
    // A stall limit below the event's age: as if no sequencer had run for a minute.
    await runScheduledAuditVerification(t.db, { queueStallSeconds: 0.001 });
    await runScheduledAuditVerification(t.db, { queueStallSeconds: 0.001 });
    const raised = await stalls();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ count: 1, chains: 's-queued (1)' }) });
    await sequenceAuditQueue(t.db);
    await runScheduledAuditVerification(t.db, { queueStallSeconds: 0.001 });
    expect(await stalls()).toHaveLength(1);
  });

  it('runs on its interval and never at 0 minutes', () => {
    vi.useFakeTimers();
    try {
      const getDb = vi.fn(() => new Promise<never>(() => undefined));
      const stopOff = startScheduledAuditVerification(getDb, 0);
      vi.advanceTimersByTime(3 * 3600_000);
      expect(getDb).not.toHaveBeenCalled();
      stopOff();
      const stop = startScheduledAuditVerification(getDb, 30);
      vi.advanceTimersByTime(29 * 60_000);
      expect(getDb).not.toHaveBeenCalled();
      vi.advanceTimersByTime(60_000);
      expect(getDb).toHaveBeenCalledTimes(1);
      // The first run is still pending: the next tick does not start a second one.
      vi.advanceTimersByTime(30 * 60_000);
      expect(getDb).toHaveBeenCalledTimes(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('is off by default under APP_ENV=test and hourly otherwise', () => {
    expect(parseEnv({ APP_ENV: 'test' }).auditVerifyIntervalMinutes).toBe(0);
    expect(parseEnv({ APP_ENV: 'development' }).auditVerifyIntervalMinutes).toBe(60);
    expect(parseEnv({ APP_ENV: 'test', AUDIT_VERIFY_INTERVAL_MINUTES: '5' }).auditVerifyIntervalMinutes).toBe(5);
  });
});
