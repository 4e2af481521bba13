/**
 * Audit log benchmark (issue 6), on a fresh PostgreSQL database (DATABASE_URL; skipped without):
 * filtered queries at BENCH_AUDIT_EVENTS events (default 10 M) vs the same SQL run raw; chain
 * verification over BENCH_AUDIT_VERIFY_EVENTS real events (default 1 M) vs raw SHA-256 over the
 * same bytes; BENCH_AUDIT_APPENDS appends (default 4000) by 16 concurrent writers vs plain
 * INSERTs of the same rows. Small sizes for development: BENCH_AUDIT_EVENTS=100000.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { asc, eq, gt, and } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { queryAuditPage } from '@/lib/audit/browse/list-audit-events';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { auditHashInput } from '@/lib/audit/hash-audit-event';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { loadSyntheticMain, loadVerifyChain } from './audit-data';
import { benchAuditor, benchQueries, rawPageSql } from './audit-queries';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (m: string) => process.stderr.write(`[bench:audit] ${m}\n`);
const WRITERS = 16;
const ITERATIONS = 40;

type TLine = { measurement: string; ours: string; floor: string; ratio: string; goal: string; pass: boolean };

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

async function timeAsync(iterations: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return p95(samples);
}

async function queryLines(db: TDb, raw: postgres.Sql, n: number): Promise<TLine[]> {
  const actor = benchAuditor();
  const now = new Date();
  const lines: TLine[] = [];
  for (const q of benchQueries(n)) {
    const text = rawPageSql(db, actor, q.filter, now);
    const ours = await timeAsync(ITERATIONS, () => queryAuditPage(db, actor, q.filter, now));
    const floor = await timeAsync(ITERATIONS, () => raw.unsafe(text.sql, text.params as never[]));
    const ratio = ours / floor;
    log(`query ${q.name}: p95 ${ours.toFixed(1)} ms vs raw ${floor.toFixed(1)} ms`);
    lines.push({ measurement: `query ${q.name}`, ours: `p95 ${ours.toFixed(1)} ms`, floor: `p95 ${floor.toFixed(1)} ms`, ratio: `${ratio.toFixed(2)}x`, goal: 'p95 < 200 ms, <= 3x raw', pass: ours < 200 && ratio <= 3 });
  }
  return lines;
}

async function verifyLine(db: TDb, v: number): Promise<TLine> {
  const t = performance.now();
  const result = await verifyAuditChain(db, { chain: 'verify' });
  const oursS = (performance.now() - t) / 1000;
  if (!result.ok || result.checked !== v) throw new Error(`verification bench chain did not verify: ${JSON.stringify(result.problem)}`);
  // Floor: SHA-256 alone over exactly the bytes verification hashes (reading and encoding them is not timed).
  let floorMs = 0;
  for (let after = 0; ; ) {
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.chain, 'verify'), gt(auditEvents.seq, after))).orderBy(asc(auditEvents.seq)).limit(5000);
    if (rows.length === 0) break;
    const bytes = rows.map((r) => Buffer.from(canonicalJson(auditHashInput(r)), 'utf8'));
    const s = performance.now();
    for (const b of bytes) createHash('sha256').update(b).digest('hex');
    floorMs += performance.now() - s;
    after = rows.at(-1)!.seq;
  }
  const share = floorMs / 1000 / oursS;
  return {
    measurement: `chain verification, ${v} events`, ours: `${oursS.toFixed(2)} s (${Math.round(v / oursS)}/s)`, floor: `${(floorMs / 1000).toFixed(2)} s raw SHA-256`,
    ratio: `${(share * 100).toFixed(0)} % of raw`, goal: '>= 50 % of raw; 1 M < 5 s', pass: share >= 0.5 && oursS * (1_000_000 / v) < 5,
  };
}

async function inParallel(total: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    for (let i = next++; i < total; i = next++) await work(i);
  }));
  return total / ((performance.now() - t) / 1000);
}

async function appendLine(db: TDb, a: number): Promise<TLine> {
  const ours = await inParallel(a, (i) =>
    db.transaction((tx) => appendAuditEvent(tx, {
      chain: 'appends', action: 'auth.sign_in.succeeded', actor: { type: 'staff', id: `staff-${i % 50}` }, target: { type: 'session', id: `s-${i}` },
      result: 'success', meta: { requestId: `req-${i}`, ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' }, data: { passkeyId: `pk-${i}` },
    })),
  );
  const rows = (await db.select().from(auditEvents).where(eq(auditEvents.chain, 'appends'))).map((r) => ({ ...r, id: randomUUID(), chain: 'plain-inserts' }));
  const floor = await inParallel(rows.length, (i) => db.transaction((tx) => tx.insert(auditEvents).values(rows[i]!)));
  const share = ours / floor;
  return { measurement: `appends, ${WRITERS} writers, ${a} events`, ours: `${Math.round(ours)}/s`, floor: `${Math.round(floor)}/s plain INSERT`, ratio: `${(share * 100).toFixed(0)} %`, goal: '>= 50 % of plain INSERTs', pass: share >= 0.5 };
}

export async function runAuditBenchmark(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) return void console.log('\nAudit benchmark skipped: set DATABASE_URL to a PostgreSQL server.');
  const n = size('BENCH_AUDIT_EVENTS', 10_000_000);
  const v = Math.min(size('BENCH_AUDIT_VERIFY_EVENTS', 1_000_000), n);
  const a = size('BENCH_AUDIT_APPENDS', 4000);
  const name = `cs_bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), migrate: true, max: WRITERS + 4 });
  const raw = postgres(url.toString(), { max: 2, onnotice: () => undefined, prepare: true });
  try {
    // Each phase reports as soon as it is measured, so a long run that is stopped still leaves figures.
    const lines: TLine[] = [];
    const phase = async (label: string, work: () => Promise<void>) => {
      const t = performance.now();
      await work();
      log(`${label} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    };
    console.log(`\nAudit benchmark: ${n} events (query chain), ${v} (verification chain), ${a} appends\n`);
    await phase(`loaded ${n} query events`, () => loadSyntheticMain(handle.db, n));
    await phase('measured queries', async () => void lines.push(...(await queryLines(handle.db, raw, n))));
    await phase(`loaded ${v} verification events`, () => loadVerifyChain(handle.db, v));
    const keep = (l: TLine) => {
      lines.push(l);
      log(`${l.measurement}: ${l.ours} vs ${l.floor} (${l.ratio})`);
    };
    await phase('measured verification', async () => keep(await verifyLine(handle.db, v)));
    await phase('measured appends', async () => keep(await appendLine(handle.db, a)));
    console.table(lines.map(({ pass: _p, ...l }) => l));
    for (const l of lines) console.log(`${l.pass ? 'PASS' : 'FAIL'}  ${l.measurement}: ${l.ours} vs ${l.floor} (${l.ratio}; goal ${l.goal})`);
  } finally {
    await raw.end({ timeout: 5 });
    await handle.close();
    if (process.env.BENCH_KEEP_DB !== '1') await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

if (require.main === module) void runAuditBenchmark();
