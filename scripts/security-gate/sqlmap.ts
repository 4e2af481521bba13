/**
 * sqlmap (Debian) against the ingest API (with a valid service token) and the filtered GET
 * pages (with a valid session cookie): level 3, risk 1, techniques B/E (boolean-blind,
 * error-based) against PostgreSQL. Time-based, stacked-query and UNION techniques are left
 * out to keep CI within minutes on two cores (docs/security-gate.md explains the trade-off).
 * A target passes only when sqlmap says every tested parameter is not injectable; any other
 * ending (connection trouble, an unstable target) fails the gate rather than passing silently.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export type TSqlmapTarget = { name: string; url: string; params?: string[]; data?: string; headers?: string[]; cookie?: string };
export type TSqlmapResult = { name: string; verdict: 'not injectable' | 'INJECTABLE' | 'inconclusive'; detail: string; seconds: number };

/** Per-target time budget (SQLMAP_TARGET_BUDGET_S, default 420 s). */
const TARGET_BUDGET_S = Number(process.env.SQLMAP_TARGET_BUDGET_S || 420);

export const SQLMAP_OPTIONS = ['--batch', '--level=3', '--risk=1', '--technique=BE', '--dbms=PostgreSQL', '--threads=2', '--timeout=20', '--retries=1', '--flush-session', '--disable-coloring', '--skip-waf'];

/** The verdict from sqlmap's output. */
export function sqlmapVerdict(output: string): { verdict: TSqlmapResult['verdict']; detail: string } {
  // Only a confirmed finding counts: sqlmap also prints "appears to be UNION injectable with N
  // columns" while counting columns, and then rejects it.
  if (/identified the following injection point|is vulnerable/i.test(output)) {
    const params = [...output.matchAll(/^Parameter: (.+)$/gm)].map((m) => m[1]);
    return { verdict: 'INJECTABLE', detail: `injectable: ${params.join(', ') || 'see output'}` };
  }
  if (/all tested parameters do not appear to be injectable/i.test(output)) return { verdict: 'not injectable', detail: 'all tested parameters do not appear to be injectable' };
  const critical = output.split('\n').filter((l) => /\[CRITICAL\]|\[ERROR\]/.test(l)).slice(-3).join(' | ');
  return { verdict: 'inconclusive', detail: critical || 'sqlmap ended without a verdict' };
}

/** sqlmap echoes the cookie it sends: keep credentials out of the saved transcript. */
function redact(output: string, target: TSqlmapTarget): string {
  let out = output.replace(/(Bearer\s+)\S+/g, '$1[redacted]');
  for (const pair of (target.cookie ?? '').split(';')) {
    const value = pair.split('=').slice(1).join('=').trim();
    if (value.length >= 8) out = out.split(value).join('[redacted]');
  }
  return out;
}

/** `sessionDir`: sqlmap's own output (it stores the request, cookie included: throwaway); `transcriptDir`: redacted output kept. */
export function runSqlmap(target: TSqlmapTarget, sessionDir: string, transcriptDir: string): Promise<TSqlmapResult> {
  const args = [...SQLMAP_OPTIONS, `--output-dir=${sessionDir}`, '-u', target.url];
  if (target.params) args.push('-p', target.params.join(','));
  if (target.data) args.push('--data', target.data);
  if (target.cookie) args.push('--cookie', target.cookie);
  for (const h of target.headers ?? []) args.push('-H', h);
  console.log(`[gate]    sqlmap → ${target.name}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (e) => resolve({ name: target.name, verdict: 'inconclusive', detail: `could not run sqlmap: ${e.message}`, seconds: 0 }));
    // A target that takes longer than the budget is stopped and reported inconclusive (a failure).
    const budget = setTimeout(() => {
      output += `\n[ERROR] stopped by the security gate after ${TARGET_BUDGET_S} s`;
      child.kill('SIGTERM');
    }, TARGET_BUDGET_S * 1000);
    child.on('exit', () => {
      clearTimeout(budget);
      mkdirSync(transcriptDir, { recursive: true });
      writeFileSync(path.join(transcriptDir, `${target.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.txt`), redact(output, target));
      const { verdict, detail } = sqlmapVerdict(output);
      resolve({ name: target.name, verdict, detail, seconds: Math.round((performance.now() - started) / 1000) });
    });
  });
}

/**
 * A reverse proxy in front of the ingest API that replaces `__UNIQUE__` in the body and
 * headers with a fresh id per request. Without it every request after the first would reuse
 * one Idempotency-Key and external id and get the same stored answer, and sqlmap would be
 * comparing replays instead of the API's reaction to its payloads.
 */
export async function startUniqueProxy(upstream: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const unique = randomUUID();
      const body = Buffer.from(Buffer.concat(chunks).toString('utf8').replaceAll('__UNIQUE__', unique));
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = typeof v === 'string' ? v.replaceAll('__UNIQUE__', unique) : v;
      headers['content-length'] = String(body.length);
      headers.host = target.host;
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
