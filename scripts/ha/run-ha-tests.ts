/**
 * `npm run test:ha`: starts two `next start` instances on one fresh PostgreSQL database behind
 * HAProxy (TLS, test routing on), runs the Playwright HA suite (e2e-ha/) against the TLS
 * front in phases (each phase's spec kills instance a; a is restarted before the next phase),
 * then measures throughput and a crash under load (test-results/ha/ha-measurements.json).
 * Needs a production build (`next build`), haproxy, openssl and DATABASE_URL (PostgreSQL:
 * two processes cannot share PGlite). Exit code: the suite's, or 1 when measuring fails.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { THaRunInfo } from '../../e2e-ha/run-info';
import { haPorts, startCluster } from './cluster';
import { haproxyInstalled } from './haproxy-process';
import { ingestAcrossCrash } from './ingest-crash';
import { describeMeasurements, measureCluster } from './measure';

function fail(message: string): never {
  console.error(`[ha] ${message}`);
  process.exit(1);
}

/**
 * One Playwright run per phase, in this order: the ceremony spec enrols the first administrator
 * (the one-time setup link) and hands it on; each phase ends with instance a killed.
 */
const PHASES = ['e2e-ha/passkeys-and-failover.spec.ts', 'e2e-ha/approvals-reviews-failover.spec.ts'];

function runPlaywright(env: NodeJS.ProcessEnv, extraArgs: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '-c', 'playwright.ha.config.ts', ...extraArgs], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  if (!haproxyInstalled()) fail('haproxy is not installed (Debian: apt-get install -y haproxy; .ci/run installs it).');
  if (!existsSync('.next/BUILD_ID')) fail('no production build in .next: run `npx next build` first (`npm test` builds before this step).');
  const baseDatabaseUrl = process.env.DATABASE_URL;
  if (!baseDatabaseUrl) fail('DATABASE_URL must name a PostgreSQL server: two instances cannot share an embedded PGlite database.');

  const dir = path.resolve('.data', `ha-${randomBytes(4).toString('hex')}`);
  const ports = haPorts(Number(process.env.HA_PORT_BASE || 3810));
  const t0 = performance.now();
  const cluster = await startCluster({ dir, ports, baseDatabaseUrl, testRouting: true });
  console.log(`[ha] cluster up in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${cluster.origin} → a :${ports.a}, b :${ports.b} (HTTP redirect on :${ports.http})`);
  let status = 1;
  try {
    if (!cluster.setupUrl) throw new Error('instance b printed no first-admin setup link');
    const a = cluster.instances.get('a')!;
    const b = cluster.instances.get('b')!;
    const run: THaRunInfo = {
      runStartedAt: Date.now(),
      origin: cluster.origin,
      httpOrigin: cluster.httpOrigin,
      setupUrl: cluster.setupUrl,
      databaseUrl: cluster.databaseUrl,
      caFile: cluster.certificates.caFile,
      instances: { a: { name: 'a', port: a.port, pgid: a.pgid }, b: { name: 'b', port: b.port, pgid: b.pgid } },
      instanceEnv: Object.fromEntries(Object.entries(cluster.instanceEnv).filter((e): e is [string, string] => typeof e[1] === 'string')),
    };
    const runFile = path.join(dir, 'run.json');
    const restartA = async () => {
      if (!cluster.instances.get('a')!.exited()) await cluster.instances.get('a')!.kill();
      cluster.instances.delete('a');
      const restarted = await cluster.startInstance('a');
      await cluster.haproxy.waitForStates({ a: 'UP', b: 'UP' });
      run.instances.a.pgid = restarted.pgid;
    };
    status = 0;
    for (const [i, spec] of PHASES.entries()) {
      if (i > 0) await restartA();
      writeFileSync(runFile, JSON.stringify(run, null, 2), { mode: 0o600 });
      const phaseStatus = await runPlaywright(
        { ...process.env, HA_RUN_FILE: runFile, HA_SPKI: cluster.certificates.spkiSha256, NODE_EXTRA_CA_CERTS: cluster.certificates.caFile },
        [spec, ...process.argv.slice(2)],
      );
      status ||= phaseStatus;
      // Later phases build on the first (its administrator): stop when it failed.
      if (i === 0 && phaseStatus !== 0) break;
    }

    if (process.env.HA_SKIP_MEASUREMENTS === '1') {
      console.log('[ha] HA_SKIP_MEASUREMENTS=1: Playwright suite only (no throughput, crash-under-load or ingest figures)');
      return status;
    }
    await restartA();
    const measurements = await measureCluster(cluster);
    console.log(`\n${describeMeasurements(measurements)}`);
    // Exactly-once ingest while instance a is killed again (it was restarted by measureCluster).
    const t1 = performance.now();
    const ingest = await ingestAcrossCrash(cluster);
    console.log(
      `  ingest across a crash: ${ingest.stored} of ${ingest.transactions} transactions stored, ${ingest.auditEvents} audit events, ` +
        `${ingest.retried} retried attempts (${ingest.attempts} in all), ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    if (ingest.stored !== ingest.transactions || ingest.auditEvents !== ingest.transactions || ingest.unexpected.length) {
      console.error(`[ha] ingest across a crash was not exactly once: ${JSON.stringify(ingest)}`);
      status ||= 1;
    }
    mkdirSync('test-results/ha', { recursive: true });
    writeFileSync('test-results/ha/ha-measurements.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), ...measurements, ingest }, null, 2)}\n`);
    if (measurements.crash.duringLoad.failed > 0) {
      console.error(`[ha] ${measurements.crash.duringLoad.failed} client request(s) failed while instance a crashed: HAProxy should have retried them on b.`);
      status ||= 1;
    }
  } catch (e) {
    console.error('[ha]', e);
    status = 1;
  } finally {
    await cluster.stop();
    const logs = path.resolve('test-results', 'ha');
    mkdirSync(logs, { recursive: true });
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) copyFileSync(path.join(dir, f), path.join(logs, f));
    rmSync(dir, { recursive: true, force: true });
    console.log(`[ha] stopped; instance and HAProxy logs in test-results/ha/`);
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
