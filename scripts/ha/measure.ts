/**
 * HA figures measured on the running cluster: throughput and latency of /api/ready (one
 * database round trip) straight to one instance and through HAProxy's TLS front, then a
 * crash under load: how many client requests failed, how long HAProxy took to mark the dead
 * instance DOWN, and how long a restarted instance took to serve and rejoin.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { TCluster } from './cluster';
import { httpClient, runLoad, type TLoadResult } from './load';

export type THaMeasurements = {
  concurrency: number;
  /** 1-minute load average before measuring: this machine is shared, read figures with it. */
  loadAverage: number;
  cores: number;
  /** /api/health: the process only. */
  healthDirect: TLoadResult;
  healthViaHaproxy: TLoadResult;
  /** /api/ready: one database round trip plus the migrations check. */
  direct: TLoadResult;
  viaHaproxy: TLoadResult;
  crash: { duringLoad: TLoadResult; markedDownMs: number; restartToServingMs: number; restartToUpMs: number };
};

const CONCURRENCY = 16;

export async function measureCluster(cluster: TCluster, durationMs = 2_500): Promise<THaMeasurements> {
  const { get, close } = httpClient(readFileSync(cluster.certificates.caFile, 'utf8'));
  try {
    const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
    const healthDirect = await runLoad(get, `http://127.0.0.1:${cluster.ports.b}/api/health`, { concurrency: CONCURRENCY, durationMs });
    const healthViaHaproxy = await runLoad(get, `${cluster.origin}/api/health`, { concurrency: CONCURRENCY, durationMs });
    const direct = await runLoad(get, `http://127.0.0.1:${cluster.ports.b}/api/ready`, { concurrency: CONCURRENCY, durationMs });
    const viaHaproxy = await runLoad(get, `${cluster.origin}/api/ready`, { concurrency: CONCURRENCY, durationMs });

    // Crash a under load: HAProxy must retry refused connections on b (no failed requests).
    const a = cluster.instances.get('a')!;
    const load = runLoad(get, `${cluster.origin}/api/ready`, { concurrency: 8, durationMs: durationMs + 2_000 });
    await new Promise((r) => setTimeout(r, 500));
    await a.kill();
    const markedDownMs = Math.round(await cluster.haproxy.waitForStates({ a: 'DOWN' }, 15_000));
    const duringLoad = await load;

    const restarted = performance.now();
    const again = await cluster.startInstance('a');
    const restartToUpMs = Math.round(performance.now() - restarted + (await cluster.haproxy.waitForStates({ a: 'UP', b: 'UP' }, 30_000)));
    return { concurrency: CONCURRENCY, loadAverage, cores: os.cpus().length, healthDirect, healthViaHaproxy, direct, viaHaproxy, crash: { duringLoad, markedDownMs, restartToServingMs: again.startupMs, restartToUpMs } };
  } finally {
    close();
  }
}

export function describeMeasurements(m: THaMeasurements): string {
  const line = (label: string, r: TLoadResult) =>
    `  ${label.padEnd(34)} ${String(r.perSecond).padStart(6)} req/s  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  (${r.ok}/${r.requests} ok)`;
  return [
    `HA measurements (${m.concurrency} concurrent clients; ${m.cores} cores, load average ${m.loadAverage} when measuring started):`,
    line('/api/health, one instance direct', m.healthDirect),
    line('/api/health, two via HAProxy TLS', m.healthViaHaproxy),
    line('/api/ready, one instance direct', m.direct),
    line('/api/ready, two via HAProxy TLS', m.viaHaproxy),
    `  crash of instance a under load: ${m.crash.duringLoad.failed} of ${m.crash.duringLoad.requests} requests failed` +
      `${m.crash.duringLoad.failures.length ? ` (${m.crash.duringLoad.failures.join('; ')})` : ''}; marked DOWN after ${m.crash.markedDownMs} ms`,
    `  restart: serving after ${m.crash.restartToServingMs} ms, back in rotation (UP) after ${m.crash.restartToUpMs} ms`,
  ].join('\n');
}
