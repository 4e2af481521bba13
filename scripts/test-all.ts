/**
 * `npm test`: lint → typecheck → Vitest → production build → Playwright e2e → HA suite →
 * restore rehearsal → security gate, in that order, stopping at the first failure. Prints a
 * per-stage duration table and the total at the end. Chromium is resolved first, so a
 * machine without a browser fails in a second, not after the build. The HA suite and the
 * rehearsal need PostgreSQL (DATABASE_URL): without it they are reported as skipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChromiumNotFoundError, resolveChromium } from './find-chromium';

type TStage = { name: string; command: string; args: string[]; env?: Record<string, string>; skip?: string };
type TResult = { name: string; ms: number; status: 'passed' | 'failed' | 'not run' | 'skipped' };

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(stage: TStage): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, { stdio: 'inherit', env: { ...process.env, ...stage.env } });
    child.on('error', (e) => {
      console.error(`[test] could not start ${stage.command}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function table(results: TResult[], totalMs: number, extra: string[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 'total'.length);
  const rows = results.map((r) => `  ${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${r.status === 'not run' || r.status === 'skipped' ? '' : seconds(r.ms).padStart(8)}`);
  return ['', '── npm test summary ──', ...rows, `  ${'total'.padEnd(width)}           ${seconds(totalMs).padStart(8)}`, ...extra].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  try {
    const chromium = resolveChromium();
    console.log(`[test] Chromium for e2e: ${chromium.executablePath} (${chromium.source})`);
  } catch (e) {
    if (e instanceof ChromiumNotFoundError) {
      console.error(`[test] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  console.log(`[test] database for integration and e2e tests: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);

  const timingsDir = mkdtempSync(path.join(tmpdir(), 'countersign-e2e-'));
  const timingsFile = path.join(timingsDir, 'server-startup.json');
  // Every text response the e2e browsers receive, for the security gate's PAN/secret scan.
  const captureDir = path.join(timingsDir, 'captured-responses');
  const postgres = Boolean(process.env.DATABASE_URL);
  const backupDir = path.join(timingsDir, 'backups');
  const stages: TStage[] = [
    { name: 'lint', command: npm, args: ['run', '--silent', 'lint'] },
    { name: 'typecheck', command: npm, args: ['run', '--silent', 'typecheck'] },
    { name: 'vitest', command: npx, args: ['vitest', 'run'] },
    { name: 'build', command: process.execPath, args: ['node_modules/next/dist/bin/next', 'build'] },
    { name: 'e2e', command: npx, args: ['playwright', 'test'], env: { E2E_TIMINGS_FILE: timingsFile, E2E_CAPTURE_DIR: captureDir } },
    { name: 'ha', command: npm, args: ['run', '--silent', 'test:ha'], skip: postgres ? undefined : 'needs DATABASE_URL (two instances cannot share PGlite)' },
    // docs/CONTRACTS.md "Backups": backup then restore rehearsal on a freshly migrated database.
    {
      name: 'restore rehearsal',
      command: 'bash',
      args: ['-c', 'npm run --silent db:migrate && npm run --silent backup && npm run --silent restore:rehearse'],
      env: { BACKUP_DIR: backupDir },
      skip: postgres ? undefined : 'needs DATABASE_URL (pg_dump/pg_restore)',
    },
    { name: 'security gate', command: npm, args: ['run', '--silent', 'security:gate'], env: { SECURITY_GATE_CAPTURE_DIR: captureDir } },
  ];

  const results: TResult[] = stages.map((s) => ({ name: s.name, ms: 0, status: 'not run' }));
  let failed: string | undefined;
  for (const [i, stage] of stages.entries()) {
    if (stage.skip) {
      console.log(`\n[test] ── ${stage.name}: SKIPPED (${stage.skip})`);
      results[i] = { name: stage.name, ms: 0, status: 'skipped' };
      continue;
    }
    console.log(`\n[test] ── ${stage.name}: ${[path.basename(stage.command), ...stage.args].join(' ')}`);
    const t0 = performance.now();
    const code = await run(stage);
    results[i] = { name: stage.name, ms: performance.now() - t0, status: code === 0 ? 'passed' : 'failed' };
    if (code !== 0) {
      failed = `${stage.name} failed (exit ${code}); later stages were not run.`;
      break;
    }
  }

  const extra: string[] = [];
  try {
    const startups = JSON.parse(readFileSync(timingsFile, 'utf8')) as { name: string; driver: string; startupMs: number }[];
    for (const s of startups) extra.push(`  e2e ${s.name} server (${s.driver}): next start → first 200 on /api/health in ${(s.startupMs / 1000).toFixed(2)} s`);
  } catch {
    // e2e did not get as far as starting servers
  }
  rmSync(timingsDir, { recursive: true, force: true });
  console.log(table(results, performance.now() - started, extra));
  if (failed) {
    console.error(`\n[test] FAILED: ${failed}`);
    process.exit(1);
  }
  console.log('\n[test] all stages passed');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
