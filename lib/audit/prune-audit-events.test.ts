/**
 * Retention pruning: only through audit_prune_before() with a signed cut and a marker; the
 * remaining chain verifies from the cut, later tampering is still found, and every other way
 * of removing the beginning of the log is refused or reported.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { pruneAuditEvents } from './prune-audit-events';
import { appendSampleEvents, dbErrorOf, readChain, withCheckpointPolicy, withTriggersBypassed } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

let t: TTestDb;
let restoreEnv: () => void;
const DAY = 86_400_000;
const system = { type: 'system' } as const;

/** `old` events appended two years ago, then `recent` appended now, on their own chain. */
async function chainWithHistory(chain: string, old: number, recent: number): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(Date.now() - 730 * DAY));
  try {
    await appendSampleEvents(t.db, old, chain);
  } finally {
    vi.useRealTimers();
  }
  await appendSampleEvents(t.db, recent, chain);
}

const cutBefore = () => new Date(Date.now() - 400 * DAY).toISOString();
const count = async (chain: string) => (await readChain(t.db, chain)).length;

beforeAll(async () => {
  restoreEnv = withCheckpointPolicy(5);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

describe('pruneAuditEvents', () => {
  it('deletes events older than the cut, and the remaining chain verifies from the signed cut', async () => {
    await chainWithHistory('p1', 12, 3);
    const result = await t.db.transaction((tx) => pruneAuditEvents(tx, { before: cutBefore(), chain: 'p1' }, { actor: system, approvalRequestId: 'apr-1' }));
    expect(result).toEqual({ chain: 'p1', cutSeq: 12, deleted: 12 });
    const rows = await readChain(t.db, 'p1');
    expect(rows[0]!.seq).toBe(13);
    const marker = rows.find((r) => r.action === 'audit.pruned');
    expect(marker?.data).toMatchObject({ chain: 'p1', cutSeq: 12, events: 12, approvalRequestId: 'apr-1' });
    const cps = await t.db.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, 'p1'));
    expect(cps.map((c) => c.seq).every((s) => s >= 12)).toBe(true);
    const v = await verifyAuditChain(t.db, { chain: 'p1', batchSize: 2 });
    expect(v).toMatchObject({ ok: true, prunedThrough: 12, checked: 4, total: 4 });
  });

  it('still detects tampering with the remaining events after a prune', async () => {
    await chainWithHistory('p2', 6, 4);
    await t.db.transaction((tx) => pruneAuditEvents(tx, { before: cutBefore(), chain: 'p2' }, { actor: system }));
    await withTriggersBypassed(t, async (tx) => {
      await tx.update(auditEvents).set({ reason: 'edited' }).where(and(eq(auditEvents.chain, 'p2'), eq(auditEvents.seq, 8)));
    });
    const v = await verifyAuditChain(t.db, { chain: 'p2' });
    expect(v).toMatchObject({ ok: false, prunedThrough: 6, problem: { kind: 'modified', seq: 8 } });
  });

  it('refuses a cut younger than 12 months and deletes nothing', async () => {
    await chainWithHistory('p3', 3, 3);
    const tooRecent = new Date(Date.now() - 100 * DAY).toISOString();
    await expect(t.db.transaction((tx) => pruneAuditEvents(tx, { before: tooRecent, chain: 'p3' }, { actor: system }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await count('p3')).toBe(6);
  });

  it('prunes nothing when no event is older than the cut', async () => {
    await appendSampleEvents(t.db, 2, 'p4');
    const result = await t.db.transaction((tx) => pruneAuditEvents(tx, { before: cutBefore(), chain: 'p4' }, { actor: system }));
    expect(result).toEqual({ chain: 'p4', cutSeq: null, deleted: 0 });
    expect(await count('p4')).toBe(2);
  });
});

describe('the database keeps refusing every other deletion', () => {
  it('refuses a direct DELETE of old events, before and after a prune', async () => {
    await chainWithHistory('p5', 4, 3);
    const del = () => t.db.execute(sql`DELETE FROM audit_events WHERE chain = 'p5' AND seq = 1`);
    expect(await dbErrorOf(del())).toMatch(/append-only: DELETE on audit_events refused/);
    await t.db.transaction((tx) => pruneAuditEvents(tx, { before: cutBefore(), chain: 'p5' }, { actor: system }));
    const delRecent = t.db.execute(sql`DELETE FROM audit_events WHERE chain = 'p5' AND seq = 6`);
    expect(await dbErrorOf(delRecent)).toMatch(/append-only: DELETE on audit_events refused/);
    expect(await count('p5')).toBe(4); // 3 recent events and the prune marker
  });

  it('refuses audit_prune_before() at a cut without a signed checkpoint', async () => {
    await chainWithHistory('p6', 4, 3);
    const cps = await t.db.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, 'p6'));
    const unsigned = [1, 2, 3, 4].find((s) => !cps.some((c) => c.seq === s))!;
    const call = t.db.transaction((tx) => tx.execute(sql`SELECT audit_prune_before('p6', ${unsigned})`));
    expect(await dbErrorOf(call)).toMatch(/no signed checkpoint at the cut/);
    expect(await count('p6')).toBe(7);
  });

  it('refuses audit_prune_before() for events younger than 12 months even at a signed checkpoint', async () => {
    await appendSampleEvents(t.db, 7, 'p7');
    const call = t.db.transaction((tx) => tx.execute(sql`SELECT audit_prune_before('p7', 5)`));
    expect(await dbErrorOf(call)).toMatch(/younger than 12 months/);
    expect(await count('p7')).toBe(7);
  });

  it('reports a beginning removed behind the triggers as missing, even at a signed checkpoint', async () => {
    await appendSampleEvents(t.db, 8, 'p8');
    await withTriggersBypassed(t, async (tx) => {
      await tx.delete(auditEvents).where(and(eq(auditEvents.chain, 'p8'), sql`${auditEvents.seq} <= 5`));
    });
    const v = await verifyAuditChain(t.db, { chain: 'p8' });
    expect(v).toMatchObject({ ok: false, prunedThrough: null, problem: { kind: 'missing', seq: 1 } });
  });
});
