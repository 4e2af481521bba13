/** What sqlmap attacks: the ingest API through the unique-id proxy, and the filtered pages and record pages with the admin's cookie. */
import { execFileSync } from 'node:child_process';
import { runSqlmap, startUniqueProxy, type TSqlmapResult, type TSqlmapTarget } from './sqlmap';
import { sampleTransaction, type TGateTarget } from './target';

export function sqlmapInstalled(): boolean {
  try {
    execFileSync('sqlmap', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function runClusterSqlmap(target: TGateTarget, outputDir: string): Promise<TSqlmapResult[]> {
  const instance = `http://127.0.0.1:${target.cluster.ports.a}`;
  const me = (await (await fetch(`${instance}/api/me`, { headers: { cookie: target.cookieHeader } })).json()) as { id: string };
  const proxy = await startUniqueProxy(instance);
  const body = { ...sampleTransaction(99), externalId: 'gate-sqlmap-__UNIQUE__' };
  const cookie = target.cookieHeader;
  const targets: TSqlmapTarget[] = [
    {
      name: 'POST /api/v1/transactions (service token)',
      url: `${proxy.origin}/api/v1/transactions`,
      data: JSON.stringify(body),
      headers: [`Authorization: Bearer ${target.serviceToken}`, 'Idempotency-Key: __UNIQUE__', 'Content-Type: application/json'],
    },
    { name: 'GET /audit filters', url: `${instance}/audit?actor=gate&targetType=staff&targetId=abc&requestId=req-12345678&q=sign`, params: ['actor', 'targetType', 'targetId', 'requestId', 'q'], cookie },
    { name: 'GET /transactions (review queue) filters', url: `${instance}/transactions?merchant=Gate&currency=EUR&country=FR&assignee=any`, params: ['merchant', 'currency', 'country', 'assignee'], cookie },
    { name: 'GET /staff/<id> (staff record)', url: `${instance}/staff/${me.id}*`, cookie },
  ];
  const results: TSqlmapResult[] = [];
  try {
    for (const t of targets) {
      console.log(`[gate]    sqlmap → ${t.name}`);
      results.push(await runSqlmap(t, outputDir));
    }
  } finally {
    await proxy.close();
  }
  return results;
}
