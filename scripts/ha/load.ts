/**
 * A tiny closed-loop HTTP(S) load generator for the HA measurements: `concurrency` clients
 * each send the next request as soon as the previous answered, for `durationMs`.
 * Keep-alive agents, an explicit CA for the test certificate, no dependencies.
 */
import http from 'node:http';
import https from 'node:https';

export type TLoadResult = { requests: number; ok: number; failed: number; perSecond: number; p50Ms: number; p95Ms: number; failures: string[] };

export type THttpGet = (url: string, headers?: Record<string, string>) => Promise<{ status: number; headers: http.IncomingHttpHeaders }>;

export function httpClient(ca: string | undefined): { get: THttpGet; close: () => void } {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, ca });
  const get: THttpGet = (url, headers = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const lib = u.protocol === 'https:' ? https : http;
      const req = lib.request(u, { method: 'GET', headers, agent: u.protocol === 'https:' ? httpsAgent : httpAgent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        // A connection cut mid-response (a crashed instance) never emits 'end'.
        res.on('close', () => (res.complete ? undefined : reject(new Error('response cut off'))));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => (httpAgent.destroy(), httpsAgent.destroy()) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export async function runLoad(get: THttpGet, url: string, o: { concurrency: number; durationMs: number; stop?: () => boolean }): Promise<TLoadResult> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  const deadline = performance.now() + o.durationMs;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline && !o.stop?.()) {
      const t0 = performance.now();
      try {
        const res = await get(url);
        if (res.status === 200) ok++;
        else failures.push(`HTTP ${res.status}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ok,
    failed: failures.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(latencies, 95).toFixed(1)),
    failures: [...new Set(failures)].slice(0, 5),
  };
}
