/**
 * Ingest benchmark (issue 5, Performance), on a fresh PostgreSQL database (DATABASE_URL;
 * skipped without): first BENCH_INGEST_SEED transactions (default 1,000,000, 5 % frozen, over
 * 2,000 customers, every index in place), then BENCH_INGEST_N requests (default 6,000) through
 * the real route handler — token check, media type, Idempotency-Key, size, PAN guard, zod (unsigned requests), then
 * the group-commit batcher: key claim, customer (PII encrypted), customer history over the
 * seeded rows, risk scoring, insert, alerting, key completion, audit append — by
 * BENCH_INGEST_CONCURRENCY concurrent callers (default 64, a payment core's connection pool),
 * against a floor measured in the same run with the same callers: the same bodies JSON-parsed,
 * zod-validated and inserted with one plain autocommit INSERT each. Goals: >= 1,500/s, p99 < 50 ms.
 *
 * Two questions, two load shapes, each asked of ours and of the floor:
 * - capacity: closed loop, BENCH_INGEST_CONCURRENCY callers each sending its next request when the
 *   last one is answered. This saturates the server, so its latency is queueing by construction
 *   (Little's law: mean latency = callers / throughput; 64 callers at 1,700/s wait ~38 ms on
 *   average whatever the code does). Its throughput is the ">= 1,500/s" figure; its p99 is shown
 *   as information only.
 * - latency at the goal rate: open loop, BENCH_INGEST_RATE requests per second (default 1,500, the
 *   goal) sent on a fixed schedule whether or not earlier ones were answered, as a payment core's
 *   independent payments arrive. Each latency runs from the request's SCHEDULED send time, so a
 *   stalled server is charged for the requests it delays (no coordinated omission), and one that
 *   cannot keep up builds a queue the p99 shows. The goal holds when the p99 is < 50 ms with no
 *   error (and, as a sanity check, the achieved rate is within 5 % of the offered one).
 *   BENCH_INGEST_PACED_N (default BENCH_INGEST_N) requests per paced run.
 */
import { performance } from 'node:perf_hooks';
import { customers, transactions } from '@/db/schema';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { TDb } from '@/db/types';
import { rowsOf } from '@/lib/transactions/customer-history';
import { createTestDb } from '@/lib/testing/db';
import { ingestBatcherFor } from '@/lib/transactions/ingest-batcher';
import { makeToken, postIngest, validBody } from '@/lib/transactions/ingest-test-helpers';
import { ZIngestTransaction } from '@/lib/transactions/schemas';
import { seedBenchTransactions } from './review-queue';

const log = (m: string) => process.stderr.write(`[bench:ingest] ${m}\n`);
const N = Number(process.env.BENCH_INGEST_N ?? 6_000);
/** Requests of each paced run (default N): a longer window puts fewer of its p99 samples in any one stall of the machine. */
const PACED_N = Number(process.env.BENCH_INGEST_PACED_N ?? N);
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 64);
const RATE = Number(process.env.BENCH_INGEST_RATE ?? 1_500);
const SEED = Number(process.env.BENCH_INGEST_SEED ?? 1_000_000);
/** The seed's customers (bench-cust-1 … bench-cust-2000): each ingest scores against ~SEED/2000 rows of history. */
const CUSTOMERS = 2_000;

/** BENCH_INGEST_DUMP=prefix: each paced run's latencies, in scheduled order, to prefix-N.json (where in the run the slow ones fall). */
let dumps = 0;

/** BENCH_INGEST_CPUPROF=file: a CPU profile of this process over the paced run of ours (open it in Chrome DevTools). */
async function startCpuProfile(): Promise<{ stop: () => Promise<void> } | null> {
  const file = process.env.BENCH_INGEST_CPUPROF;
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

type TRun = { perSecond: number; p50: number; p95: number; p99: number; errors: number; maxInFlight?: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Runs `work(i)` for i in [0, n) with `concurrency` workers; latency per call and wall-clock throughput. */
async function drive(n: number, concurrency: number, work: (i: number) => Promise<boolean>): Promise<TRun> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        if (!(await work(i))) errors += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors };
}

/**
 * Open loop: starts `work(i)` at start + i / rate seconds, whatever is still in flight. Latency is
 * measured from the scheduled start (not the actual one), so a late start counts against the
 * server. Throughput is n over the time from the first scheduled start to the last answer.
 */
async function drivePaced(n: number, rate: number, work: (i: number) => Promise<boolean>): Promise<TRun> {
  const latencies: number[] = new Array(n);
  const intervalMs = 1000 / rate;
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastAnswer = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  for (let i = 0; i < n; ) {
    const now = performance.now();
    // Fire every request whose time has come (a timer wakes ~1 ms late at best; none is skipped).
    for (; i < n && start + i * intervalMs <= now; i++) {
      const index = i;
      const due = start + index * intervalMs;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(
        work(index).then((ok) => {
          if (!ok) errors += 1;
          lastAnswer = performance.now();
          latencies[index] = lastAnswer - due;
          inFlight -= 1;
        }),
      );
    }
    if (i < n) await new Promise((r) => setTimeout(r, Math.max(0, start + i * intervalMs - performance.now())));
  }
  await Promise.all(pending);
  if (process.env.BENCH_INGEST_DUMP) writeFileSync(`${process.env.BENCH_INGEST_DUMP}-${dumps++}.json`, JSON.stringify(latencies.map((l) => Math.round(l * 10) / 10)));
  latencies.sort((a, b) => a - b);
  return { perSecond: n / ((lastAnswer - start) / 1000), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors, maxInFlight };
}

function bodies(prefix: string, n: number): string[] {
  const start = Date.now() - 3 * 86_400_000;
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      validBody({
        externalId: `${prefix}-${i}`,
        amountMinor: 1_000 + ((i * 7919) % 40_000),
        occurredAt: new Date(start + i * 60_000).toISOString(),
        customer: { reference: `bench-cust-${1 + (i % CUSTOMERS)}`, name: 'Bench Person', email: `bench.${1 + (i % CUSTOMERS)}@example.test` },
      }),
    ),
  );
}

/**
 * CPU ms used so far by the PostgreSQL backends serving this database (from /proc: only when the
 * server runs on this machine; null otherwise). The database does much of the ingest's work
 * (history aggregation, inserts, index upkeep) on the same cores, so it is reported beside ours.
 */
async function databaseCpuMs(db: TDb): Promise<number | null> {
  try {
    const pids = rowsOf<{ pid: number }>(await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`));
    const hz = 100; // USER_HZ on Linux
    let ticks = 0;
    for (const { pid } of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    }
    return (ticks * 1000) / hz;
  } catch {
    return null;
  }
}

export async function runIngestBenchmark(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    log('skipped: set DATABASE_URL to a PostgreSQL server');
    return;
  }
  const t = await createTestDb();
  try {
    const seedStarted = performance.now();
    if (SEED > 0) await seedBenchTransactions(t.db, SEED, log);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${SEED} transactions in ${seedSeconds.toFixed(1)} s`);
    const token = await makeToken(t.db);
    log(`warming up; then ${N} requests x ${CONCURRENCY} concurrent callers`);
    const warm = bodies('warm', 2_000);
    await drive(warm.length, CONCURRENCY, async (i) => (await postIngest(warm[i]!, { token: token.token })).status === 201);

    const ours = bodies('ours', N);
    const batcher = ingestBatcherFor(t.db, t.driver);
    const statsBefore = { ...batcher.stats };
    const dbCpuBefore = await databaseCpuMs(t.db);
    const cpuBefore = process.cpuUsage();
    const ingest = await drive(N, CONCURRENCY, async (i) => (await postIngest(ours[i]!, { token: token.token, key: `k-${i}` })).status === 201);

    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / N;
    const dbCpuAfter = await databaseCpuMs(t.db);
    const dbCpu = dbCpuBefore === null || dbCpuAfter === null ? 'not measured (server not on this machine)' : `${((dbCpuAfter - dbCpuBefore) / N).toFixed(2)} ms`;
    const batches = batcher.stats.batches - statsBefore.batches;
    const meanBatch = (batcher.stats.items - statsBefore.items) / Math.max(1, batches);
    const fallbacks = batcher.stats.fallbacks - statsBefore.fallbacks;

    // Latency at the goal rate, open loop (fresh bodies and keys: nothing is a replay).
    const pacedBodies = bodies('paced', PACED_N);
    const profiler = await startCpuProfile();
    const paced = await drivePaced(PACED_N, RATE, async (i) => (await postIngest(pacedBodies[i]!, { token: token.token, key: `p-${i}` })).status === 201);
    await profiler?.stop();

    // Floor: parse + validate + one INSERT of the same row shape (no auth, idempotency, crypto, history, risk or audit).
    // Spread over the seeded customers as our requests are (one customer for every row would serialise on its daily rollup row).
    const customerIds = new Map((await t.db.select({ id: customers.id, ref: customers.externalRef }).from(customers)).map((c) => [c.ref, c.id]));
    const floorBodies = bodies('floor', N + PACED_N);
    const floorInsert = async (i: number) => {
      const b = ZIngestTransaction.parse(JSON.parse(floorBodies[i]!));
      await t.db.insert(transactions).values({
        externalId: b.externalId, customerId: customerIds.get(b.customer.reference)!, amountMinor: BigInt(b.amountMinor), currency: b.currency, occurredAt: new Date(b.occurredAt),
        merchantName: b.merchant.name, merchantCategoryCode: b.merchant.categoryCode, merchantCountry: b.merchant.country,
        paymentToken: b.paymentMethod.token, cardBin: b.paymentMethod.bin, cardLast4: b.paymentMethod.last4, cardBrand: b.paymentMethod.brand,
        cardExpiryMonth: b.paymentMethod.expiryMonth, cardExpiryYear: b.paymentMethod.expiryYear, channel: b.channel,
        riskScore: 0, riskLevel: 'low', decision: 'allow', ruleSetVersion: 'floor', status: 'released',
      });
      return true;
    };
    const floor = await drive(N, CONCURRENCY, floorInsert);
    const floorPaced = await drivePaced(PACED_N, RATE, (i) => floorInsert(N + i));

    const f = (n: number) => n.toFixed(1);
    console.log(`\nIngest benchmark: ${N} requests, ${CONCURRENCY} concurrent callers, on ${SEED.toLocaleString('en')} seeded transactions (5 % frozen), PostgreSQL, node ${process.version}`);
    console.log(`group commit: ${batches} batches, mean ${meanBatch.toFixed(1)} requests per batch, ${fallbacks} batch fallbacks; ${cpuMsPerRequest.toFixed(2)} ms of this process's CPU per request, PostgreSQL backends ${dbCpu}; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}\n`);
    const row = (measurement: string, r: TRun) => ({
      measurement, 'per s': f(r.perSecond), 'p50 ms': f(r.p50), 'p95 ms': f(r.p95), 'p99 ms': f(r.p99), errors: r.errors, 'max in flight': r.maxInFlight ?? CONCURRENCY,
    });
    console.table([
      row(`ingest + score + audit (route handler), capacity: ${CONCURRENCY} callers, closed loop`, ingest),
      row(`floor: validated plain INSERT, capacity: ${CONCURRENCY} callers, closed loop`, floor),
      row(`ingest + score + audit (route handler), paced at ${RATE}/s, open loop${PACED_N === N ? '' : `, ${PACED_N} requests`}`, paced),
      row(`floor: validated plain INSERT, paced at ${RATE}/s, open loop${PACED_N === N ? '' : `, ${PACED_N} requests`}`, floorPaced),
    ]);
    console.log(`ratio: ingest capacity is ${(ingest.perSecond / floor.perSecond).toFixed(2)}x the floor's; at ${RATE}/s its p99 is ${(paced.p99 / floorPaced.p99).toFixed(2)}x the floor's`);
    console.log(`closed-loop p99 (saturation, queueing by construction; information only): ingest ${f(ingest.p99)} ms, floor ${f(floor.p99)} ms`);
    console.log(`${ingest.perSecond >= 1500 ? 'PASS' : 'FAIL'}  ingest throughput ${f(ingest.perSecond)}/s at capacity (goal >= 1,500/s)`);
    // A server that cannot keep up builds a queue, which the p99 (from the scheduled times) shows; the achieved rate is a sanity check.
    const keptUp = paced.perSecond >= 0.95 * RATE && paced.errors === 0;
    console.log(`${keptUp && paced.p99 < 50 && RATE >= 1500 ? 'PASS' : 'FAIL'}  ingest p99 ${f(paced.p99)} ms at ${RATE}/s offered, ${f(paced.perSecond)}/s achieved (goal < 50 ms at >= 1,500/s)`);
  } finally {
    await t.dispose();
  }
}
