/**
 * Each tamper is done as a privileged attacker would (triggers bypassed) on its own chain of
 * 12 events with checkpoints at 5 and 10, and must be reported at the right seq and kind.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { and, asc, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { auditKeyId } from './audit-signing-key';
import { signCheckpoint } from './checkpoint-signature';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import { appendSampleEvents, readEvent, withCheckpointPolicy, withTriggersBypassed } from './test-helpers';
import { verifyAuditChain, type TChainProblemKind } from './verify-audit-chain';

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = withCheckpointPolicy(5);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

const byChainSeq = (chain: string, seq: number) => and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq));
const setSeq = (tx: TTx, chain: string, from: number, to: number) => tx.update(auditEvents).set({ seq: to }).where(byChainSeq(chain, from));
const setHead = (tx: TTx, chain: string, seq: number, hash: string) =>
  tx.update(auditChainHeads).set({ seq, hash }).where(eq(auditChainHeads.chain, chain));

/** Re-hashes and re-links every row from `fromSeq` on, and moves the head: a "perfect" rewrite. */
async function rehashFrom(tx: TTx, chain: string, fromSeq: number): Promise<void> {
  const rows = await tx.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), gte(auditEvents.seq, fromSeq - 1))).orderBy(asc(auditEvents.seq));
  let prevHash = rows[0]!.hash;
  let last: TAuditEventRow | undefined;
  for (const row of rows.slice(1)) {
    last = { ...row, prevHash };
    last.hash = computeAuditHash(last);
    await tx.update(auditEvents).set({ prevHash: last.prevHash, hash: last.hash }).where(eq(auditEvents.id, row.id));
    prevHash = last.hash;
  }
  await setHead(tx, chain, last!.seq, last!.hash);
}

/** A self-consistent forged row that links to `prev`. */
function forgedRow(prev: TAuditEventRow, seq: number): TAuditEventRow {
  const row: TAuditEventRow = { ...prev, id: randomUUID(), seq, prevHash: prev.hash, data: { passkeyId: 'attacker' }, hash: '' };
  row.hash = computeAuditHash(row);
  return row;
}

async function expectProblem(chain: string, kind: TChainProblemKind, seq: number, detail?: RegExp) {
  const r = await verifyAuditChain(t.db, { chain, batchSize: 4 });
  expect(r.ok).toBe(false);
  expect(r.problem).toMatchObject({ kind, seq });
  if (detail) expect(r.problem!.detail).toMatch(detail);
  return r;
}

async function tamperedChain(chain: string, tamper: (tx: TTx) => Promise<unknown>) {
  await appendSampleEvents(t.db, 12, chain);
  expect((await verifyAuditChain(t.db, { chain })).ok).toBe(true);
  await withTriggersBypassed(t, async (tx) => {
    await tamper(tx);
  });
}

describe(`verifyAuditChain detects tampering (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('modified: a field changed in place', async () => {
    await tamperedChain('modified', (tx) => tx.update(auditEvents).set({ result: 'denied' }).where(byChainSeq('modified', 7)));
    const r = await expectProblem('modified', 'modified', 7);
    expect(r.checked).toBe(6);
  });

  it('missing: an event deleted, leaving a gap', async () => {
    await tamperedChain('missing', (tx) => tx.delete(auditEvents).where(byChainSeq('missing', 7)));
    await expectProblem('missing', 'missing', 7, /event 7 is missing/);
  });

  it('missing: an event deleted and the later rows renumbered to hide the gap', async () => {
    await tamperedChain('renumbered', async (tx) => {
      await tx.delete(auditEvents).where(byChainSeq('renumbered', 7));
      for (let s = 8; s <= 12; s++) await setSeq(tx, 'renumbered', s, s - 1);
      await setHead(tx, 'renumbered', 11, (await readEvent(tx, 'renumbered', 11)).hash);
    });
    await expectProblem('renumbered', 'missing', 7, /deleted and later rows renumbered/);
  });

  it('reordered: two events swapped', async () => {
    await tamperedChain('reordered', async (tx) => {
      await setSeq(tx, 'reordered', 7, -7);
      await setSeq(tx, 'reordered', 8, 7);
      await setSeq(tx, 'reordered', -7, 8);
    });
    await expectProblem('reordered', 'reordered', 7, /written as seq 8/);
  });

  it('forged_insert: an event rewritten with a recomputed hash (the next link breaks)', async () => {
    await tamperedChain('rewritten', async (tx) => {
      const forged = { ...(await readEvent(tx, 'rewritten', 7)), data: { passkeyId: 'attacker' } };
      await tx.update(auditEvents).set({ data: forged.data, hash: computeAuditHash(forged) }).where(eq(auditEvents.id, forged.id));
    });
    await expectProblem('rewritten', 'forged_insert', 7, /inserted or rewritten/);
  });

  it('forged_insert: an event slotted into the middle with later rows shifted up', async () => {
    await tamperedChain('slotted', async (tx) => {
      for (let s = 12; s >= 7; s--) await setSeq(tx, 'slotted', s, s + 1);
      await tx.insert(auditEvents).values(forgedRow(await readEvent(tx, 'slotted', 6), 7));
      await setHead(tx, 'slotted', 13, (await readEvent(tx, 'slotted', 13)).hash);
    });
    await expectProblem('slotted', 'forged_insert', 7, /row 7 does not belong/);
  });

  it('forged_insert: a self-consistent event appended behind the writer’s back (beyond the head)', async () => {
    await tamperedChain('beyond', async (tx) => tx.insert(auditEvents).values(forgedRow(await readEvent(tx, 'beyond', 12), 13)));
    await expectProblem('beyond', 'forged_insert', 13, /beyond the chain head/);
  });

  it('recomputed_after_checkpoint: an event rewritten and the whole chain re-hashed', async () => {
    await tamperedChain('recomputed', async (tx) => {
      await tx.update(auditEvents).set({ result: 'denied' }).where(byChainSeq('recomputed', 7));
      const victim = await readEvent(tx, 'recomputed', 7);
      await tx.update(auditEvents).set({ hash: computeAuditHash(victim) }).where(eq(auditEvents.id, victim.id));
      await rehashFrom(tx, 'recomputed', 8);
    });
    const r = await expectProblem('recomputed', 'recomputed_after_checkpoint', 10);
    expect(r.lastCheckpoint).toEqual({ seq: 10, verified: false });
  });

  it('bad_checkpoint_signature: a checkpoint altered', async () => {
    await tamperedChain('badsig', (tx) =>
      tx.update(auditCheckpoints).set({ hash: 'f'.repeat(64) }).where(and(eq(auditCheckpoints.chain, 'badsig'), eq(auditCheckpoints.seq, 5))),
    );
    await expectProblem('badsig', 'bad_checkpoint_signature', 5, /invalid signature/);
  });

  it('bad_checkpoint_signature: a rewritten chain re-signed with the attacker’s own key', async () => {
    const attacker = generateKeyPairSync('ed25519');
    const keyId = auditKeyId(attacker.publicKey);
    await tamperedChain('resigned', async (tx) => {
      const row5 = await readEvent(tx, 'resigned', 5);
      const [cp] = await tx.select().from(auditCheckpoints).where(and(eq(auditCheckpoints.chain, 'resigned'), eq(auditCheckpoints.seq, 5)));
      const signature = signCheckpoint({ ...cp!, hash: row5.hash, keyId }, attacker.privateKey);
      await tx.update(auditCheckpoints).set({ keyId, signature }).where(eq(auditCheckpoints.id, cp!.id));
    });
    await expectProblem('resigned', 'bad_checkpoint_signature', 5, /untrusted key/);
  });

  it('head_mismatch: the newest events deleted (tail truncated)', async () => {
    await tamperedChain('truncated', (tx) => tx.delete(auditEvents).where(and(eq(auditEvents.chain, 'truncated'), gte(auditEvents.seq, 11))));
    await expectProblem('truncated', 'head_mismatch', 11, /says 12 events but the chain ends at 10/);
  });

  it('head_mismatch: the tail truncated and the head moved back, betrayed by a signed checkpoint', async () => {
    await tamperedChain('truncated-head', async (tx) => {
      await tx.delete(auditEvents).where(and(eq(auditEvents.chain, 'truncated-head'), gte(auditEvents.seq, 9)));
      await setHead(tx, 'truncated-head', 8, (await readEvent(tx, 'truncated-head', 8)).hash);
      await tx.update(auditChainHeads).set({ lastCheckpointSeq: 5 }).where(eq(auditChainHeads.chain, 'truncated-head'));
    });
    await expectProblem('truncated-head', 'head_mismatch', 9, /checkpoint proves events up to 10/);
  });

  it('head_mismatch: the last event rewritten and re-hashed (nothing links to it but the head)', async () => {
    await tamperedChain('last', async (tx) => {
      const last = { ...(await readEvent(tx, 'last', 12)), result: 'denied' as const };
      await tx.update(auditEvents).set({ result: last.result, hash: computeAuditHash(last) }).where(eq(auditEvents.id, last.id));
    });
    await expectProblem('last', 'head_mismatch', 12, /last event was rewritten/);
  });
});
