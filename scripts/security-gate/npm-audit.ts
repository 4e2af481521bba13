/**
 * `npm audit` for high and critical advisories. Each accepted exception is listed in
 * audit-exceptions.json with a reason, the date it was accepted and a review-by date; an
 * expired exception counts as a finding again. When the registry's audit endpoint cannot be
 * reached (this build machine's registry answers 405 to the bulk advisory POST) the result
 * is "unavailable", printed loudly: never a silent pass.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type TAuditException = { package: string; advisory: string; reason: string; acceptedOn: string; reviewBy: string };
export type TNpmAuditResult =
  | { status: 'passed'; exceptionsApplied: string[] }
  | { status: 'failed'; findings: string[] }
  | { status: 'unavailable'; reason: string };

type TAuditJson = {
  vulnerabilities?: Record<string, { severity: string; via: ({ source?: number; url?: string; title?: string } | string)[] }>;
  message?: string;
  error?: { summary?: string; code?: string };
};

export function interpretAudit(raw: string, exceptions: readonly TAuditException[], today: string): TNpmAuditResult {
  let parsed: TAuditJson;
  try {
    parsed = JSON.parse(raw) as TAuditJson;
  } catch {
    return { status: 'unavailable', reason: `npm audit printed no JSON: ${raw.trim().slice(0, 200) || '(empty)'}` };
  }
  if (!parsed.vulnerabilities) {
    return { status: 'unavailable', reason: parsed.message ?? parsed.error?.summary ?? 'npm audit returned no vulnerability report' };
  }
  const findings: string[] = [];
  const applied: string[] = [];
  for (const [pkg, v] of Object.entries(parsed.vulnerabilities)) {
    if (v.severity !== 'high' && v.severity !== 'critical') continue;
    const advisories = v.via.map((via) => (typeof via === 'string' ? `via ${via}` : (via.url ?? String(via.source))));
    const covered = advisories.every((a) => exceptions.some((e) => e.package === pkg && e.advisory === a && e.reviewBy >= today));
    if (covered) applied.push(`${pkg} (${advisories.join(', ')})`);
    else findings.push(`${v.severity}: ${pkg} (${advisories.join(', ')})`);
  }
  return findings.length ? { status: 'failed', findings } : { status: 'passed', exceptionsApplied: applied };
}

export function runNpmAudit(cwd = process.cwd()): TNpmAuditResult {
  const exceptions = JSON.parse(readFileSync(path.join(__dirname, 'audit-exceptions.json'), 'utf8')) as TAuditException[];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['audit', '--json', '--audit-level=high'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (res.error) return { status: 'unavailable', reason: `could not run npm audit: ${res.error.message}` };
  return interpretAudit(res.stdout, exceptions, new Date().toISOString().slice(0, 10));
}
