import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { createCheckpoint } from './create-checkpoint';
import { appendSampleEvents, dbErrorOf, readChain } from './test-helpers';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
  await appendSampleEvents(t.db, 3);
  await t.db.transaction((tx) => createCheckpoint(tx, 'main'));
});
afterAll(async () => {
  await t?.dispose();
});

async function snapshot() {
  const events = await readChain(t.db);
  const checkpoints = await t.db.execute(sql`select seq, hash, signature from audit_checkpoints order by seq`);
  return JSON.stringify({ events, checkpoints });
}

const ATTEMPTS = {
  audit_events: [
    `UPDATE audit_events SET reason = 'rewritten' WHERE seq = 2`,
    `DELETE FROM audit_events WHERE seq = 3`,
    `TRUNCATE audit_events`,
  ],
  audit_checkpoints: [`UPDATE audit_checkpoints SET hash = 'x'`, `DELETE FROM audit_checkpoints`, `TRUNCATE audit_checkpoints`],
};

describe(`append-only triggers (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  for (const [table, statements] of Object.entries(ATTEMPTS)) {
    for (const statement of statements) {
      it(`refuse "${statement}" on ${table} and leave every row unchanged`, async () => {
        const before = await snapshot();
        expect(await dbErrorOf(t.db.execute(sql.raw(statement)))).toMatch(/audit log is append-only/);
        expect(await snapshot()).toBe(before);
      });
    }
  }

  it('still accept appends', async () => {
    const [next] = await appendSampleEvents(t.db, 1);
    expect(next!.seq).toBe(4);
  });

  it('refuse an event whose time has sub-millisecond precision the hash would not cover', async () => {
    const statement = `INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, action, result, prev_hash, hash)
      VALUES (gen_random_uuid(), 'precision-check', 1, '2026-01-01T00:00:00.123456Z', 'system', 'audit.checkpoint_created', 'success', 'x', 'y')`;
    expect(await dbErrorOf(t.db.execute(sql.raw(statement)))).toMatch(/audit_events_occurred_at_ms_chk/);
  });
});
