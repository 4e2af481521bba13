/**
 * The production privilege model for the audit queue (docs/audit.md), on a real server: the
 * app role may INSERT queued events and DELETE them only by sequencing them; UPDATE and
 * TRUNCATE are refused by privilege even with the owner's triggers switched off.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type TDbHandle } from '@/db/client';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { enqueueAuditEvent } from './enqueue-audit-event';
import { sampleSignInEvent } from './sample-audit-event';
import { sequenceAuditQueue } from './sequence-audit-queue';
import { readChain } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

const onPostgres = Boolean(process.env.DATABASE_URL);
const suffix = randomBytes(4).toString('hex');
const OWNER = `cs_queue_owner_${suffix}`;
const APP = `cs_queue_app_${suffix}`;

let t: TTestDb;
let admin: postgres.Sql;
let owner: postgres.Sql;
let app: postgres.Sql;
let appDb: TDbHandle;

function urlAs(user: string): string {
  const u = new URL(t.url!);
  u.username = user;
  u.password = '';
  return u.toString();
}

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  admin = postgres(t.url!, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE ROLE ${OWNER} LOGIN; CREATE ROLE ${APP} LOGIN`);
  // The grants docs/audit.md prescribes.
  await admin.unsafe(`
    ALTER TABLE audit_events OWNER TO ${OWNER};
    ALTER TABLE audit_checkpoints OWNER TO ${OWNER};
    ALTER TABLE audit_chain_heads OWNER TO ${OWNER};
    ALTER TABLE audit_event_queue OWNER TO ${OWNER};
    ALTER FUNCTION audit_queue_refuse_rewrite() OWNER TO ${OWNER};
    ALTER FUNCTION audit_queue_refuse_unsequenced_delete() OWNER TO ${OWNER};
    GRANT USAGE ON SCHEMA public TO ${APP};
    GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO ${APP};
    GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO ${APP};
    GRANT SELECT, INSERT, DELETE ON audit_event_queue TO ${APP};
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
    await admin.unsafe(`DROP ROLE IF EXISTS ${APP}; DROP ROLE IF EXISTS ${OWNER}`);
    await admin.end({ timeout: 5 });
  }
  await t?.dispose();
});

async function refusal(q: Promise<unknown>): Promise<string> {
  try {
    await q;
    return 'succeeded';
  } catch (e) {
    return (e as Error).message;
  }
}

const queuedCount = async () => (await admin`select count(*)::int as n from audit_event_queue`)[0]!.n as number;

describe.skipIf(!onPostgres)('audit queue roles (Postgres only; skipped on PGlite: it has a single superuser and no roles to separate)', () => {
  it('lets the app role enqueue and sequence (the identity column needs no sequence grant)', async () => {
    for (let i = 0; i < 3; i++) await appDb.db.transaction((tx) => enqueueAuditEvent(tx, sampleSignInEvent('roles', i)));
    expect(await queuedCount()).toBe(3);
    expect((await sequenceAuditQueue(appDb.db)).sequenced).toBe(3);
    expect(await queuedCount()).toBe(0);
    expect(await verifyAuditChain(appDb.db, { chain: 'roles' })).toMatchObject({ ok: true, checked: 3 });
  });

  it('refuses UPDATE and TRUNCATE to the app role by privilege even with the triggers disabled by the owner', async () => {
    await appDb.db.transaction((tx) => enqueueAuditEvent(tx, sampleSignInEvent('roles-guard', 0)));
    await owner.unsafe('ALTER TABLE audit_event_queue DISABLE TRIGGER USER');
    try {
      expect(await refusal(app.unsafe(`UPDATE audit_event_queue SET action = 'auth.sign_out'`))).toMatch(/permission denied/);
      expect(await refusal(app.unsafe('TRUNCATE audit_event_queue'))).toMatch(/permission denied/);
    } finally {
      await owner.unsafe('ALTER TABLE audit_event_queue ENABLE TRIGGER USER');
    }
    expect(await queuedCount()).toBe(1);
  });

  it('refuses the app role a DELETE that does not append, and switching the guard off', async () => {
    expect(await refusal(app.unsafe(`DELETE FROM audit_event_queue WHERE chain = 'roles-guard'`))).toMatch(/may leave the queue only by being appended to its chain/);
    expect(await refusal(app.unsafe('ALTER TABLE audit_event_queue DISABLE TRIGGER USER'))).toMatch(/must be owner/);
    expect(await queuedCount()).toBe(1);
    expect(await readChain(appDb.db, 'roles-guard')).toEqual([]);
  });
});
