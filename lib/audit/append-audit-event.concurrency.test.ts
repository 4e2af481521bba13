import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendAuditEvent } from './append-audit-event';
import { readChain, withCheckpointPolicy } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

const onPostgres = Boolean(process.env.DATABASE_URL);
const WRITERS = 50;

let t: TTestDb;
let restoreEnv: () => void;
beforeAll(async () => {
  if (!onPostgres) return;
  restoreEnv = withCheckpointPolicy(10);
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
  restoreEnv?.();
});

// PGlite is one connection in one process: its transactions cannot overlap, so there is no race to test.
describe.skipIf(!onPostgres)('concurrent appends (Postgres only; skipped on PGlite: a single connection has no concurrency)', () => {
  it(`${WRITERS} writers in their own pooled transactions get seq 1..${WRITERS} with no gap or fork`, async () => {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        t.db.transaction((tx) =>
          appendAuditEvent(tx, {
            chain: 'race',
            action: 'auth.sign_in.succeeded',
            actor: { type: 'staff', id: `staff-${i}` },
            result: 'success',
            data: { passkeyId: `pk-${i}` },
          }),
        ),
      ),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    const rows = await readChain(t.db, 'race');
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(WRITERS);
    const verified = await verifyAuditChain(t.db, { chain: 'race' });
    expect(verified).toMatchObject({ ok: true, checked: WRITERS, headSeq: WRITERS, lastCheckpoint: { seq: 50, verified: true } });
  });
});
