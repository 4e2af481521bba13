import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { listAuditChains } from './list-audit-chains';
import { recordVerificationFailure } from './record-verification-failure';
import { appendSampleEvents, readChain, withCheckpointPolicy, withTriggersBypassed } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = withCheckpointPolicy(50);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

describe(`verifyAuditChain on an intact chain (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('verifies a chain of 300 events page by page, checking every signed checkpoint', async () => {
    await appendSampleEvents(t.db, 300);
    const progress: number[] = [];
    const r = await verifyAuditChain(t.db, { batchSize: 64, onProgress: (p) => progress.push(p.checked) });
    expect(r).toEqual({ ok: true, chain: 'main', checked: 300, total: 300, headSeq: 300, lastCheckpoint: { seq: 300, verified: true }, prunedThrough: null });
    expect(progress).toEqual([64, 128, 192, 256, 300]);
  });

  it('reports an empty chain as ok with nothing checked', async () => {
    expect(await verifyAuditChain(t.db, { chain: 'nothing-here' })).toEqual({
      ok: true, chain: 'nothing-here', checked: 0, total: 0, headSeq: 0, lastCheckpoint: null, prunedThrough: null,
    });
  });

  it('lists every chain so the command line verifies them all', async () => {
    await appendSampleEvents(t.db, 1, 'second');
    expect(await listAuditChains(t.db)).toEqual(['main', 'second']);
  });
});

describe('recordVerificationFailure', () => {
  it('appends audit.verification_failed after the tampered event and alerts administrators', async () => {
    await appendSampleEvents(t.db, 3, 'broken');
    await withTriggersBypassed(t, async (tx) => {
      await tx.update(auditEvents).set({ reason: 'edited' }).where(eq(auditEvents.hash, (await readChain(tx, 'broken'))[1]!.hash));
    });
    const result = await verifyAuditChain(t.db, { chain: 'broken' });
    expect(result.problem).toMatchObject({ seq: 2, kind: 'modified' });

    const appended = await t.db.transaction((tx) => recordVerificationFailure(tx, result));
    expect(appended?.seq).toBe(4);
    const last = (await readChain(t.db, 'broken')).at(-1)!;
    expect(last).toMatchObject({ action: 'audit.verification_failed', result: 'failure', data: { chain: 'broken', seq: 2, kind: 'modified' } });
    const [alert] = await listNotifications(t.db, 'administrator', 1);
    expect(alert).toMatchObject({ kind: 'audit.verification_failed', severity: 'critical' });
    expect(alert!.title).toContain('seq 2');
  });

  it('does nothing for a chain that verified', async () => {
    const ok = await verifyAuditChain(t.db, { chain: 'second' });
    expect(await t.db.transaction((tx) => recordVerificationFailure(tx, ok))).toBeNull();
  });
});
