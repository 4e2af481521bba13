/**
 * `npm run audit:verify` end to end, as an operator runs it: a separate process opening the
 * configured database (a Postgres test database, or a PGlite directory it can lock).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type TDbHandle } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { env } from '@/lib/env';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendSampleEvents, withTriggersBypassed } from './test-helpers';

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TTestDb | undefined;
let dataDir: string | undefined;

/** Postgres: the shared test database. PGlite: a directory database, closed so the script can lock it. */
async function withDatabase(fn: (h: TDbHandle) => Promise<void>): Promise<void> {
  if (t) return fn(t);
  const h = await openDatabase({ pgliteDir: path.join(dataDir!, 'pglite'), migrate: true });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

function runVerify(): { status: number | null; out: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, APP_ENV: 'test', AUDIT_SIGNING_KEY: env().auditSigningKeyPem };
  if (t) childEnv.DATABASE_URL = t.url;
  else {
    delete childEnv.DATABASE_URL;
    childEnv.DATA_DIR = dataDir;
  }
  const r = spawnSync('npm', ['run', '-s', 'audit:verify'], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(async () => {
  if (onPostgres) t = await createTestDb();
  else dataDir = mkdtempSync(path.join(tmpdir(), 'cs-audit-verify-'));
  await withDatabase((h) => appendSampleEvents(h.db, 20).then(() => undefined));
});
afterAll(async () => {
  await t?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe(`npm run audit:verify (${onPostgres ? 'postgres' : 'pglite directory'})`, () => {
  it('exits 0 and reports OK for an intact chain', () => {
    const r = runVerify();
    expect(r.out).toContain('chain "main": OK — 20 of 20 events verified');
    expect(r.status).toBe(0);
  });

  it('exits 1 and names the first bad seq once the chain was tampered with', async () => {
    await withDatabase((h) =>
      withTriggersBypassed(h, async (tx) => {
        await tx.update(auditEvents).set({ reason: 'edited' }).where(and(eq(auditEvents.chain, 'main'), eq(auditEvents.seq, 9)));
      }),
    );
    const r = runVerify();
    expect(r.out).toContain('FAILED at seq 9 (modified)');
    expect(r.status).toBe(1);
  });
});
