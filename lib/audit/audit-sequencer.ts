/**
 * The in-process audit sequencer started at boot (lib/bootstrap.ts): links queued audit
 * events into their chains every 50 ms while there is work and every 100 ms when idle, so
 * a queued event normally joins its chain within a fraction of a second. Every instance runs
 * one; they serialise on each chain's head lock, so running several is safe (and keeps the
 * queue moving when one instance is down). Passes never overlap; after a failure it waits a
 * second and tries again; the timer does not keep the process alive. `npm run
 * audit:sequence` does the same once, for cron and operations.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { logger } from '@/lib/log/logger';
import { sequenceAuditQueue } from './sequence-audit-queue';

export type TAuditSequencerTiming = { busyMs: number; idleMs: number; retryMs: number };
export const AUDIT_SEQUENCER_TIMING: TAuditSequencerTiming = { busyMs: 50, idleMs: 100, retryMs: 1_000 };

/** Starts the loop; returns a stop function that resolves once a pass in flight has ended (for tests, benchmarks and shutdown). */
export function startAuditSequencer(getDb: () => Promise<TDb>, timing: TAuditSequencerTiming = AUDIT_SEQUENCER_TIMING): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  let inFlight: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(pass, ms);
    timer.unref();
  };
  const pass = () => {
    inFlight = getDb()
      .then((db) => sequenceAuditQueue(db))
      .then(
        (result) => {
          if (failing) logger().info('audit sequencer recovered');
          failing = false;
          schedule(result.sequenced > 0 ? timing.busyMs : timing.idleMs);
        },
        (err: unknown) => {
          // Logged once per run of failures, not every second.
          if (!failing) logger().error({ err }, 'audit sequencer pass failed; queued events wait (retrying)');
          failing = true;
          schedule(timing.retryMs);
        },
      );
  };
  schedule(timing.idleMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await inFlight;
  };
}
