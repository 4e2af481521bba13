/**
 * The production privilege model from docs/audit.md, proven on a real server: an owner role
 * owns the audit tables; the app role may only INSERT/SELECT them (plus maintain the chain
 * head), so even with the owner's triggers switched off the app cannot rewrite history.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type TDbHandle } from '@/db/client';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { pruneAuditEvents } from './prune-audit-events';
import { appendSampleEvents, withCheckpointPolicy } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

const onPostgres = Boolean(process.env.DATABASE_URL);
const suffix = randomBytes(4).toString('hex');
const OWNER = `cs_audit_owner_${suffix}`;
const APP = `cs_audit_app_${suffix}`;

let t: TTestDb;
let admin: postgres.Sql;
let owner: postgres.Sql;
let app: postgres.Sql;
let appDb: TDbHandle;
let restoreEnv: () => void;

function urlAs(user: string): string {
  const u = new URL(t.url!);
  u.username = user;
  u.password = '';
  return u.toString();
}

beforeAll(async () => {
  if (!onPostgres) return;
  restoreEnv = withCheckpointPolicy(5);
  t = await createTestDb();
  admin = postgres(t.url!, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE ROLE ${OWNER} LOGIN`);
  await admin.unsafe(`CREATE ROLE ${APP} LOGIN`);
  // The setup docs/audit.md prescribes, run by a superuser once per database.
  await admin.unsafe(`
    ALTER TABLE audit_events OWNER TO ${OWNER};
    ALTER TABLE audit_checkpoints OWNER TO ${OWNER};
    ALTER TABLE audit_chain_heads OWNER TO ${OWNER};
    ALTER FUNCTION audit_refuse_rewrite() OWNER TO ${OWNER};
    ALTER FUNCTION audit_prune_before(text, bigint) OWNER TO ${OWNER};
    GRANT EXECUTE ON FUNCTION audit_prune_before(text, bigint) TO ${APP};
    GRANT USAGE ON SCHEMA public TO ${APP};
    GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO ${APP};
    GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO ${APP};
  `);
  owner = postgres(urlAs(OWNER), { max: 1, onnotice: () => undefined });
  app = postgres(urlAs(APP), { max: 1, onnotice: () => undefined });
  appDb = await openDatabase({ url: urlAs(APP), max: 2 });
});

afterAll(async () => {
  if (!onPostgres) return;
  await appDb?.close();
  await app?.end({ timeout: 5 });
  await owner?.end({ timeout: 5 });
  if (admin) {
    const me = (await admin`select current_user as u`)[0]!.u as string;
    await admin.unsafe(`REASSIGN OWNED BY ${OWNER} TO ${me}; DROP OWNED BY ${OWNER}; DROP OWNED BY ${APP}`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${APP}`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${OWNER}`);
    await admin.end({ timeout: 5 });
  }
  await t?.dispose();
  restoreEnv?.();
});

async function refusal(q: Promise<unknown>): Promise<string> {
  try {
    await q;
    return 'succeeded';
  } catch (e) {
    return (e as Error).message;
  }
}

const counts = async () => (await admin`select (select count(*) from audit_events)::int as e, (select count(*) from audit_checkpoints)::int as c, (select string_agg(hash, ',' order by seq) from audit_events) as h`)[0];

describe.skipIf(!onPostgres)('audit roles (Postgres only; skipped on PGlite: it has a single superuser and no roles to separate)', () => {
  it('lets the app role append (events, checkpoints, chain head) and read', async () => {
    await appendSampleEvents(appDb.db, 6);
    expect(await verifyAuditChain(appDb.db)).toMatchObject({ ok: true, checked: 6, lastCheckpoint: { seq: 5, verified: true } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the app role by privilege even with the triggers disabled by the owner', async () => {
    await owner.unsafe('ALTER TABLE audit_events DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    const before = await counts();
    try {
      for (const table of ['audit_events', 'audit_checkpoints']) {
        expect(await refusal(app.unsafe(`UPDATE ${table} SET hash = 'x'`))).toMatch(/permission denied/);
        expect(await refusal(app.unsafe(`DELETE FROM ${table}`))).toMatch(/permission denied/);
        expect(await refusal(app.unsafe(`TRUNCATE ${table}`))).toMatch(/permission denied/);
      }
      expect(await refusal(app.unsafe('DELETE FROM audit_chain_heads'))).toMatch(/permission denied/);
      expect(await counts()).toEqual(before);
    } finally {
      await owner.unsafe('ALTER TABLE audit_events ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    }
  });

  it('does not let the app role switch the triggers off itself', async () => {
    expect(await refusal(app.unsafe('ALTER TABLE audit_events DISABLE TRIGGER USER'))).toMatch(/must be owner/);
    expect(await refusal(app.unsafe('SET session_replication_role = replica'))).toMatch(/permission denied/);
  });

  it('refuses a direct DELETE to the app role even when it sets the prune setting itself', async () => {
    const before = await counts();
    const attempt = app.begin(async (tx) => {
      await tx`SELECT set_config('countersign.audit_prune', 'main|1000000', true)`;
      await tx`DELETE FROM audit_events WHERE chain = 'main'`;
    });
    expect(await refusal(attempt)).toMatch(/permission denied/);
    expect(await counts()).toEqual(before);
  });

  it('lets the app role prune old events only through audit_prune_before(), after which the chain verifies', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() - 800 * 86_400_000));
    try {
      await appendSampleEvents(appDb.db, 7, 'old');
    } finally {
      vi.useRealTimers();
    }
    await appendSampleEvents(appDb.db, 2, 'old');
    const before = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const result = await appDb.db.transaction((tx) => pruneAuditEvents(tx, { before, chain: 'old' }, { actor: { type: 'system' } }));
    expect(result).toEqual({ chain: 'old', cutSeq: 7, deleted: 7 });
    expect(await verifyAuditChain(appDb.db, { chain: 'old' })).toMatchObject({ ok: true, prunedThrough: 7 });
  });

  it('still stops the owner by trigger once the triggers are back on', async () => {
    expect(await refusal(owner.unsafe(`DELETE FROM audit_events`))).toMatch(/audit log is append-only/);
  });
});
