/**
 * Verification workers that cannot run (the worker thread fails to start or load, or dies
 * mid-range) leave the walk to the server thread: same verdict and figures as the sequential
 * walk, one warning logged. PostgreSQL only (PGlite has no range readers). Worker threads are
 * replaced here by ones that fail, since a real worker cannot be made to fail on demand.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditEvents } from '@/db/schema';
import { logger } from '@/lib/log/logger';
import { appendSampleEvents, checkpointedTestDbPerFile, withTriggersBypassed } from '../test-helpers';
import { verifyAuditChain } from '../verify-audit-chain';

const failure = vi.hoisted(() => ({ mode: 'error' as 'error' | 'exit' | 'after-page', started: 0 }));

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  const { EventEmitter } = await import('node:events');
  /** Fails the way a real worker does: an 'error' event (could not load), an exit without an answer, or a page then an error. */
  class FailingWorker extends EventEmitter {
    constructor() {
      super();
      failure.started += 1;
      setImmediate(() => {
        if (failure.mode === 'exit') this.emit('exit', 1);
        else if (failure.mode === 'error') this.emit('error', new Error('Cannot find module tsx/cjs/api'));
        else {
          this.emit('message', { type: 'page', rows: 2 });
          this.emit('message', { type: 'error', message: 'connection reset' });
        }
      });
    }
    terminate() {
      return Promise.resolve(0);
    }
  }
  return { ...real, default: { ...real, Worker: FailingWorker }, Worker: FailingWorker };
});

const db = checkpointedTestDbPerFile(5);
afterEach(() => vi.restoreAllMocks());

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('verification when its worker threads fail (Postgres only)', () => {
  it.each(['error', 'exit', 'after-page'] as const)('falls back to the server thread with the sequential result and one warning (worker %s)', async (mode) => {
    const chain = `fallback-${mode}`;
    await appendSampleEvents(db().db, 23, chain);
    const sequential = await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 1 });
    expect(sequential).toMatchObject({ ok: true, checked: 23 });
    failure.mode = mode;
    failure.started = 0;
    const warn = vi.spyOn(logger(), 'warn');
    const progress: number[] = [];
    const result = await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 3, workers: true, onProgress: (p) => progress.push(p.checked) });
    expect(failure.started).toBe(3);
    expect(result).toEqual(sequential);
    expect(progress.at(-1)).toBe(23);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toBe('audit verification workers failed; verifying on the server thread');
  });

  it('still finds and classifies a tampered row after the fallback', async () => {
    const chain = 'fallback-tampered';
    await appendSampleEvents(db().db, 19, chain);
    await withTriggersBypassed(db(), async (tx) => {
      await tx.update(auditEvents).set({ reason: 'rewritten' }).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, 7)));
    });
    failure.mode = 'error';
    const result = await verifyAuditChain(db().db, { chain, batchSize: 4, readers: 3, workers: true });
    expect(result).toMatchObject({ ok: false, problem: { seq: 7, kind: 'modified' } });
  });
});
