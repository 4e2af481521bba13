/**
 * `npm run bench`: runs every benchmark of the project one after another (never two at once:
 * they would time each other), then writes bench/report.md and bench/report.json with each
 * figure, its floor, their ratio and the goals, plus the machine it ran on. Exits 0 unless a
 * benchmark crashes: timings on shared machines are evidence to read, not a gate.
 *
 * Register a benchmark with ONE line in SUITES: { suite, run: () => import('./x').then((m) => m.runX()) }.
 * It prints its figures with console.table (a row per measurement: ours, floor, ratio) and
 * one `PASS|FAIL  <measurement>: …` line per goal; bench/report.ts collects both.
 * BENCH_ONLY=audit,ingest runs a subset. BENCH_MERGE=1 keeps the suites of the existing
 * bench/report.json that this run did not run (each suite records when it ran and the load),
 * so a long suite (audit at 10 M events) and the others can run at different times.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectOutput, describeMachine, writeReports, type TSuiteReport } from './report';

type TSuite = { suite: string; run: () => Promise<void> | void };

const SUITES: TSuite[] = [
  // In memory: ability building and CASL → SQL translation vs plain CASL.
  { suite: 'permissions', run: () => import('./permissions').then((m) => m.runPermissionsBenchmark()) },
  // Risk engine, PAN guard, PII encryption and blind index per call (in memory) vs the bare primitives.
  { suite: 'risk-crypto', run: () => import('./risk-crypto').then((m) => m.runRiskCryptoBenchmark()) },
  // Approvals (issue 4): decision incl. signature verification and policy evaluation vs a bare verifyAuthenticationResponse.
  { suite: 'approvals', run: () => import('./approvals').then((m) => m.runApprovalsBenchmark()) },
  // Database benchmarks skip themselves without DATABASE_URL.
  // Audit: BENCH_AUDIT_EVENTS (default 10 M), BENCH_AUDIT_VERIFY_EVENTS (1 M), BENCH_AUDIT_APPENDS (4000).
  { suite: 'audit', run: () => import('./audit').then((m) => m.runAuditBenchmark()) },
  // Review queue: --review-size=N transactions, 5 % frozen (default 20,000; the issue's figure: --review-size=1000000).
  { suite: 'review queue', run: () => import('./review-queue').then((m) => m.runReviewQueueBench()) },
  // Ingest (issue 5): BENCH_INGEST_SEED rows first (1 M), then BENCH_INGEST_N requests (6,000) x BENCH_INGEST_CONCURRENCY callers (64) vs a validated plain INSERT.
  { suite: 'ingest', run: () => import('./ingest').then((m) => m.runIngestBenchmark()) },
];

async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const reports: TSuiteReport[] = [];
  let crashed = false;
  for (const s of SUITES.filter((x) => !only || only.includes(x.suite))) {
    const report: TSuiteReport = { suite: s.suite, status: 'ran', seconds: 0, tables: [], goals: [], notes: [] };
    const restore = collectOutput(report);
    const t0 = performance.now();
    try {
      await s.run();
    } catch (e) {
      report.status = 'crashed';
      report.notes.push(`crashed: ${(e as Error).message}`);
      crashed = true;
      console.error(e);
    } finally {
      restore();
    }
    report.seconds = Math.round((performance.now() - t0) / 100) / 10;
    report.finishedAt = new Date().toISOString();
    report.loadAverage = os.loadavg().map((n) => Math.round(n * 100) / 100);
    if (report.status === 'ran' && report.tables.length === 0 && report.notes.some((n) => /skipped/i.test(n))) report.status = 'skipped';
    reports.push(report);
  }
  const dir = path.join(process.cwd(), 'bench');
  const previous = process.env.BENCH_MERGE === '1' && existsSync(path.join(dir, 'report.json'))
    ? (JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { suites: TSuiteReport[] }).suites
    : [];
  const merged = SUITES.flatMap((s) => reports.find((r) => r.suite === s.suite) ?? previous.find((r) => r.suite === s.suite) ?? []);
  writeReports(dir, describeMachine(process.env.DATABASE_URL), merged);
  console.log(`\nReports: bench/report.md, bench/report.json (${reports.map((r) => `${r.suite}: ${r.status}`).join(', ')})`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
