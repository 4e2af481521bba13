/**
 * Exactly-once ingest across a crash: N transactions are POSTed through HAProxy by concurrent
 * clients that retry a failed attempt (502, 503, cut connection) with the SAME Idempotency-Key,
 * as the payment core does, while instance a is killed mid-run. Afterwards every transaction
 * is stored exactly once with exactly one `transaction.ingested` audit event.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import postgres from 'postgres';
import { sampleTransaction } from '../security-gate/target';
import type { TCluster } from './cluster';

export type TIngestCrashResult = { transactions: number; attempts: number; retried: number; stored: number; auditEvents: number; unexpected: string[] };

function serviceToken(env: NodeJS.ProcessEnv): string {
  const res = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/security-gate/make-service-token.ts'], { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`could not create a service token: ${res.stderr.slice(0, 300)}`);
  return (JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { token: string }).token;
}

function post(agent: https.Agent, url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('close', () => (res.complete ? undefined : reject(new Error('response cut off'))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function ingestAcrossCrash(cluster: TCluster, n = 40, concurrency = 8): Promise<TIngestCrashResult> {
  const token = serviceToken(cluster.instanceEnv);
  const agent = new https.Agent({ keepAlive: true, ca: readFileSync(cluster.certificates.caFile, 'utf8') });
  const run = randomBytes(4).toString('hex');
  const unexpected: string[] = [];
  let attempts = 0;
  let retried = 0;
  let done = 0;
  let next = 0;
  let killed: Promise<void> | undefined;
  const one = async (i: number) => {
    const body = JSON.stringify({ ...sampleTransaction(i), externalId: `ha-crash-${run}-${i}` });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `ha-crash-${run}-${i}` };
    // 409 = the key is still claimed by the request that died with instance a; the ingest API
    // lets a retry take such a claim over after 60 s, so the client keeps trying for 90 s.
    const deadline = Date.now() + 90_000;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      attempts++;
      const status = await post(agent, `${cluster.origin}/api/v1/transactions`, headers, body).catch(() => 0);
      if (status >= 200 && status < 300) return;
      if (![0, 409, 502, 503].includes(status)) return void unexpected.push(`transaction ${i}: HTTP ${status}`);
      retried++;
      await new Promise((r) => setTimeout(r, Math.min(2_000, 200 * 2 ** attempt)));
    }
    unexpected.push(`transaction ${i}: not ingested within 90 s of retries`);
  };
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await one(i);
      done++;
      if (done === Math.floor(n / 3)) killed = cluster.instances.get('a')!.kill();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await killed;
  agent.destroy();

  const sql = postgres(cluster.databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const pattern = `ha-crash-${run}-%`;
    const [t] = await sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct external_id)::int as distinct from transactions where external_id like ${pattern}`;
    const [a] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_events
      where action = 'transaction.ingested' and target_id in (select id::text from transactions where external_id like ${pattern})`;
    if (t && t.n !== t.distinct) unexpected.push(`${t.n - t.distinct} duplicate transaction(s)`);
    return { transactions: n, attempts, retried, stored: t?.n ?? 0, auditEvents: a?.n ?? 0, unexpected };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
