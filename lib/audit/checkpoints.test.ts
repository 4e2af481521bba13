import { createPublicKey } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { auditKeyId } from './audit-signing-key';
import { buildAuditKeyring, checkCheckpointSignature } from './checkpoint-signature';
import { createCheckpoint } from './create-checkpoint';
import { getAuditPublicKey } from './get-audit-public-key';
import { appendSampleEvents, readChain, withCheckpointPolicy } from './test-helpers';

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = withCheckpointPolicy(5, 10);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

const checkpointsOf = (chain: string) =>
  t.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(asc(auditCheckpoints.seq));

describe('signed checkpoints', () => {
  it('are written every N events with the hash of the event at their seq', async () => {
    await appendSampleEvents(t.db, 12, 'every');
    const rows = await readChain(t.db, 'every');
    const cps = await checkpointsOf('every');
    expect(cps.map((c) => c.seq)).toEqual([5, 10]);
    for (const cp of cps) expect(cp.hash).toBe(rows[cp.seq - 1]!.hash);
    const [head] = await t.db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, 'every'));
    expect(head!.lastCheckpointSeq).toBe(10);
  });

  it('carry an Ed25519 signature that verifies with the published public key', async () => {
    const pub = getAuditPublicKey();
    const key = createPublicKey(pub.pem);
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(pub.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(auditKeyId(key)).toBe(pub.keyId);
    const ring = buildAuditKeyring([pub.pem]);
    for (const cp of await checkpointsOf('every')) {
      expect(cp.keyId).toBe(pub.keyId);
      expect(checkCheckpointSignature(cp, ring)).toBe('ok');
      expect(checkCheckpointSignature({ ...cp, seq: cp.seq + 1 }, ring)).toBe('bad_signature');
    }
  });

  it('are written after M minutes even when fewer than N events arrived', async () => {
    await appendSampleEvents(t.db, 2, 'minutes');
    expect(await checkpointsOf('minutes')).toEqual([]);
    // The head row is not append-only (it is the mutable pointer), so the test can age it.
    await t.db
      .update(auditChainHeads)
      .set({ lastCheckpointAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(auditChainHeads.chain, 'minutes'));
    await appendSampleEvents(t.db, 1, 'minutes');
    expect((await checkpointsOf('minutes')).map((c) => c.seq)).toEqual([3]);
  });

  it('can be created on demand, once per head, and not for an empty chain', async () => {
    await appendSampleEvents(t.db, 3, 'explicit');
    const first = await t.db.transaction((tx) => createCheckpoint(tx, 'explicit'));
    const again = await t.db.transaction((tx) => createCheckpoint(tx, 'explicit'));
    expect(first?.seq).toBe(3);
    expect(again?.id).toBe(first?.id);
    expect(await t.db.transaction((tx) => createCheckpoint(tx, 'empty'))).toBeNull();
    // The next automatic checkpoint counts from the explicit one.
    await appendSampleEvents(t.db, 5, 'explicit');
    expect((await checkpointsOf('explicit')).map((c) => c.seq)).toEqual([3, 8]);
  });
});
