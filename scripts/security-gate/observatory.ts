/**
 * MDN HTTP Observatory against the HAProxy TLS front. The scanner lives in its own pinned
 * install (observatory/package.json + package-lock.json) because its postinstall downloads
 * the HSTS preload and TLD lists: it is installed with `npm ci --ignore-scripts` on first use
 * and given empty lists instead (nothing here is on the preload list, and the TLD list only
 * feeds the hosted service's hostname validation).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TObservatoryResult = { grade: string; score: number; failedTests: string[] };

const DIR = path.join(__dirname, 'observatory');
const PACKAGE = path.join(DIR, 'node_modules', '@mdn', 'mdn-http-observatory');

export function ensureObservatoryInstalled(): void {
  if (!existsSync(path.join(PACKAGE, 'package.json'))) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: DIR, stdio: 'inherit' });
  }
  const conf = path.join(PACKAGE, 'conf');
  mkdirSync(conf, { recursive: true });
  if (!existsSync(path.join(conf, 'hsts-preload.json'))) writeFileSync(path.join(conf, 'hsts-preload.json'), '{}');
  if (!existsSync(path.join(conf, 'tld-list.json'))) writeFileSync(path.join(conf, 'tld-list.json'), '[]');
}

export function runObservatory(o: { hostname: string; httpsPort: number; httpPort: number; caFile: string }): TObservatoryResult {
  ensureObservatoryInstalled();
  const res = spawnSync(process.execPath, [path.join(DIR, 'scan.mjs'), o.hostname, String(o.httpsPort), String(o.httpPort)], {
    cwd: DIR,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: o.caFile },
  });
  let parsed: { scan?: { grade: string; score: number }; tests?: Record<string, { pass: boolean; result: string }>; error?: string };
  try {
    parsed = JSON.parse(res.stdout) as typeof parsed;
  } catch {
    throw new Error(`observatory printed no result (exit ${res.status}): ${res.stderr.slice(0, 500)}`);
  }
  if (!parsed.scan || !parsed.tests) throw new Error(`observatory could not scan: ${parsed.error ?? 'unknown error'}`);
  const failedTests = Object.entries(parsed.tests)
    .filter(([, t]) => !t.pass)
    .map(([name, t]) => `${name}: ${t.result}`);
  return { grade: parsed.scan.grade, score: parsed.scan.score, failedTests };
}
