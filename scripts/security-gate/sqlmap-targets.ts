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

/** One CI run saw a single "fetch failed" here right after the Observatory scan: retry a transient refusal a few times. */
async function fetchWithRetry(url: string, init: RequestInit, attempts = 5): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}

export async function runClusterSqlmap(target: TGateTarget, sessionDir: string, transcriptDir: string): Promise<TSqlmapResult[]> {
  const instance = `http://127.0.0.1:${target.cluster.ports.a}`;
  const me = (await (await fetchWithRetry(`${instance}/api/me`, { headers: { cookie: target.cookieHeader } })).json()) as { id: string };
  const other = `http://127.0.0.1:${target.cluster.ports.b}`;
  const proxy = await startUniqueProxy(instance);
  // '*' marks the injection points: the free-text fields that reach SQL as lookups or unique
  // keys (external id, customer reference), stored text (merchant name) and the Idempotency-Key
  // header; numbers, enums and formats are refused by the schema before any query.
  const sample = sampleTransaction(99) as { merchant: object; customer: object; paymentMethod: object; device: object };
  const body = {
    ...sample,
    externalId: 'gate-sqlmap-__UNIQUE__*',
    merchant: { ...sample.merchant, name: 'Gate Books*' },
    customer: { ...sample.customer, reference: 'gate-cust-__UNIQUE__*' },
  };
  const cookie = target.cookieHeader;
  const targets: TSqlmapTarget[] = [
    {
      name: 'POST /api/v1/transactions (service token)',
      url: `${proxy.origin}/api/v1/transactions`,
      data: JSON.stringify(body),
      headers: [`Authorization: Bearer ${target.serviceToken}`, 'Idempotency-Key: __UNIQUE__*', 'Content-Type: application/json'],
    },
    { name: 'GET /audit filters', url: `${other}/audit?actor=gate&q=sign`, params: ['actor', 'q'], cookie },
    { name: 'GET /transactions (review queue) filters', url: `${instance}/transactions?merchant=Gate`, params: ['merchant'], cookie },
    { name: 'GET /staff/<id> (staff record)', url: `${other}/staff/${me.id}*`, cookie },
  ];
  try {
    // In parallel: sqlmap mostly waits on the server, and the gate has minutes, not hours.
    return await Promise.all(targets.map((t) => runSqlmap(t, sessionDir, transcriptDir)));
  } finally {
    await proxy.close();
  }
}
