/**
 * Data for the audit benchmark, generated fast on PostgreSQL:
 * - `main`: N synthetic events by INSERT … SELECT generate_series (secondary indexes dropped
 *   during the load and rebuilt after). Hashes are placeholders: these rows serve the query
 *   benchmarks only; the verification benchmark uses its own chain with real hashes.
 * - `verify`: V events with real hashes and links, signed checkpoints every 100, written in
 *   batches straight to the tables (appendAuditEvent one by one would take hours at 1 M).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TDb } from '@/db/types';
import { getAuditSigningKey } from '@/lib/audit/audit-signing-key';
import { signCheckpoint } from '@/lib/audit/checkpoint-signature';
import { computeAuditHash, GENESIS_HASH, type TAuditEventRow } from '@/lib/audit/hash-audit-event';

export const BENCH_ACTIONS = [
  'auth.sign_in.succeeded', 'auth.sign_in.failed', 'auth.signed_out', 'session.revoked', 'passkey.added', 'passkey.step_up',
  'invite.created', 'staff.disabled', 'role.updated', 'staff.roles_changed', 'authz.denied', 'audit.viewed',
  'transaction.ingested', 'approval.requested', 'approval.decided', 'approval.executed', 'csp.report_received',
  'audit.exported', 'notification.marked_read', 'service_token.created',
];
export const BENCH_TARGET_TYPES = ['staff', 'role', 'session', 'transaction'];
/** One event every 3 s over the year before the start date: 10 M events span about a year. */
export const BENCH_START = new Date('2025-11-01T00:00:00.000Z');
export const BENCH_STEP_MS = 3000;

const log = (m: string) => process.stderr.write(`[bench:audit] ${m}\n`);

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function secondaryIndexes(db: TDb): Promise<{ name: string; def: string }[]> {
  const r = await db.execute(sql`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'audit_events' AND indexdef NOT LIKE 'CREATE UNIQUE%'`);
  return rowsOf<{ name: string; def: string }>(r);
}

export async function loadSyntheticMain(db: TDb, n: number): Promise<void> {
  const indexes = await secondaryIndexes(db);
  for (const i of indexes) await db.execute(sql.raw(`DROP INDEX ${i.name}`));
  const actions = sql.raw(`ARRAY[${BENCH_ACTIONS.map((a) => `'${a}'`).join(',')}]`);
  const targets = sql.raw(`ARRAY[${BENCH_TARGET_TYPES.map((a) => `'${a}'`).join(',')}]`);
  const chunk = 1_000_000;
  const started = Date.now();
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await db.execute(sql`
      INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, result, reason,
        ip, place, device, authenticator, request_id, session_id, data, before, after, prev_hash, hash)
      SELECT gen_random_uuid(), 'main', i, ${BENCH_START.toISOString()}::timestamptz + (i * ${BENCH_STEP_MS}::bigint) * interval '1 millisecond',
        'staff', 'staff-' || (i % 1000), (${actions})[1 + (i % ${BENCH_ACTIONS.length})], (${targets})[1 + (i % ${BENCH_TARGET_TYPES.length})], 't-' || (i % 100000),
        CASE WHEN i % 17 = 0 THEN 'denied' WHEN i % 29 = 0 THEN 'failure' ELSE 'success' END, NULL,
        '10.' || ((i / 65536) % 256) || '.' || ((i / 256) % 256) || '.' || (i % 256), '{"label":"private"}'::jsonb,
        '{"browser":"Firefox","os":"Linux","deviceType":"desktop"}'::jsonb, NULL, 'req-' || i, 'sess-' || (i / 20),
        '{"passkeyId":"pk-bench"}'::jsonb, NULL, NULL, md5((i - 1)::text) || md5((i - 1)::text), md5(i::text) || md5(i::text)
      FROM generate_series(${from}::bigint, ${to}::bigint) AS i`);
    log(`main: ${to} / ${n} events (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.insert(auditChainHeads).values({ chain: 'main', seq: n, hash: 'f'.repeat(64), lastCheckpointSeq: 0, lastCheckpointAt: new Date() }).onConflictDoNothing();
  for (const i of indexes) {
    const t = Date.now();
    await db.execute(sql.raw(i.def));
    log(`rebuilt ${i.name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.execute(sql`ANALYZE audit_events`);
}

function verifyRow(seq: number, prevHash: string, at: Date): TAuditEventRow {
  const row: TAuditEventRow = {
    id: randomUUID(), chain: 'verify', seq, occurredAt: at, actorType: 'staff', actorId: `staff-${seq % 1000}`,
    action: BENCH_ACTIONS[seq % BENCH_ACTIONS.length]!, targetType: 'transaction', targetId: `t-${seq % 100000}`, result: 'success',
    reason: null, ip: '10.1.2.3', place: { label: 'private' }, device: { browser: 'Firefox', os: 'Linux', deviceType: 'desktop' },
    authenticator: null, requestId: `req-${seq}`, sessionId: `sess-${seq >> 4}`, data: { passkeyId: `pk-${seq % 97}` },
    before: null, after: null, prevHash, hash: '',
  };
  row.hash = computeAuditHash(row);
  return row;
}

/** A real chain of `v` events (hashes, links, checkpoints every 100) in chain 'verify'. */
export async function loadVerifyChain(db: TDb, v: number): Promise<void> {
  const key = getAuditSigningKey();
  let prevHash = GENESIS_HASH;
  const batch = 1000;
  for (let from = 1; from <= v; from += batch) {
    const rows: TAuditEventRow[] = [];
    const cps: (typeof auditCheckpoints.$inferInsert)[] = [];
    for (let seq = from; seq < from + batch && seq <= v; seq++) {
      const row = verifyRow(seq, prevHash, new Date(BENCH_START.getTime() + seq * 1000));
      rows.push(row);
      prevHash = row.hash;
      if (seq % 100 === 0) {
        const fields = { chain: 'verify', seq, hash: row.hash, createdAt: row.occurredAt, keyId: key.keyId };
        cps.push({ ...fields, signature: signCheckpoint(fields, key.privateKey) });
      }
    }
    await db.insert(auditEvents).values(rows);
    if (cps.length) await db.insert(auditCheckpoints).values(cps);
    if (from % 100_000 === 1) log(`verify: ${from + rows.length - 1} / ${v} events`);
  }
  const last = Math.floor(v / 100) * 100;
  await db.insert(auditChainHeads).values({ chain: 'verify', seq: v, hash: prevHash, lastCheckpointSeq: last, lastCheckpointAt: new Date() });
}
