/**
 * Header and CSP check of every route through the HAProxy TLS front, anonymous and signed in:
 * the full header set (header-check.ts) on every answer, and Google's CSP Evaluator on the
 * policy of every HTML page (csp-check.ts).
 */
import { readFileSync } from 'node:fs';
import { httpClient } from '../ha/load';
import { evaluateCsp } from './csp-check';
import { headerProblems } from './header-check';
import type { TRoute } from './routes';

export type TCrawlResult = { responses: number; pagesEvaluated: number; problems: string[]; informational: string[] };

export async function crawlRoutes(o: { origin: string; caFile: string; cookieHeader: string; routes: TRoute[] }): Promise<TCrawlResult> {
  const { get, close } = httpClient(readFileSync(o.caFile, 'utf8'));
  const problems: string[] = [];
  const informational = new Set<string>();
  let responses = 0;
  let pagesEvaluated = 0;
  try {
    for (const route of o.routes) {
      for (const signedIn of [false, true]) {
        const who = signedIn ? 'signed in' : 'anonymous';
        const res = await get(`${o.origin}${route.path}`, signedIn ? { cookie: o.cookieHeader } : {});
        responses++;
        const h = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
        for (const p of headerProblems(h, { overTls: true, signedIn, api: route.kind === 'api' })) problems.push(`${route.path} (${who}, ${res.status}): ${p}`);
        const csp = h['content-security-policy'];
        if (csp && /text\/html/.test(h['content-type'] ?? '')) {
          pagesEvaluated++;
          const { blocking, informational: info } = evaluateCsp(csp);
          for (const f of blocking) problems.push(`${route.path} (${who}): CSP Evaluator ${f.severity} on ${f.directive}: ${f.description}`);
          for (const f of info) informational.add(`${f.severity} ${f.directive} ${f.value ?? ''}: ${f.description}`);
        }
      }
    }
  } finally {
    close();
  }
  return { responses, pagesEvaluated, problems, informational: [...informational] };
}
