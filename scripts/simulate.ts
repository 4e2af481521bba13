/**
 * `npm run simulate`: streams synthetic transactions into a running Countersign over HTTP,
 * as the payment core would, so reviewers see new items arrive in the queue.
 *
 *   COUNTERSIGN_TOKEN=cst_… [COUNTERSIGN_SIGNING_SECRET=css_…] npm run simulate -- [--url https://host | http://localhost:3000] [--rate 5] [--count 200]
 *
 * The token comes from the environment, never the command line (it would show in `ps`).
 * Customers are the demo seed's synthetic ones, so their histories make the scores meaningful.
 * Each request carries an Idempotency-Key and, when a signing secret is given, an HMAC signature.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { planDemoTransactions } from '@/db/seed-transactions';
import { signRequest } from '@/lib/service-tokens/request-signature';
import { simulateOptions, type TSimulateOptions } from './simulate-options';

type TOptions = TSimulateOptions;

function options(argv: string[]): TOptions {
  const { values } = parseArgs({ args: argv, options: { url: { type: 'string' }, rate: { type: 'string' }, count: { type: 'string' } } });
  return simulateOptions(values, { token: process.env.COUNTERSIGN_TOKEN, secret: process.env.COUNTERSIGN_SIGNING_SECRET });
}

async function send(o: TOptions, body: Record<string, unknown>): Promise<{ status: number; decision?: string; error?: string }> {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', 'idempotency-key': String(body.externalId) };
  if (o.secret) {
    const ts = Math.floor(Date.now() / 1000);
    headers['x-signature-timestamp'] = String(ts);
    headers['x-signature'] = signRequest(o.secret, ts, raw);
  }
  const res = await fetch(`${o.url}/api/v1/transactions`, { method: 'POST', headers, body: raw });
  const json = (await res.json().catch(() => ({}))) as { decision?: string; error?: { code?: string; message?: string } };
  return { status: res.status, decision: json.decision, error: json.error ? `${json.error.code}: ${json.error.message}` : undefined };
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const run = randomUUID().slice(0, 8);
  // Live traffic: the plan's shape (customers, anomalies), stamped with the current time.
  const plan = planDemoTransactions({ transactions: o.count, customers: 300, days: 1, seed: Date.now() % 1_000_000, now: new Date() });
  const tally: Record<string, number> = {};
  console.log(`simulating ${o.count} transactions at ${o.rate}/s into ${o.url} (run ${run})`);
  for (const [i, p] of plan.entries()) {
    const body = { ...p.body, externalId: `sim-${run}-${i}`, occurredAt: new Date().toISOString() };
    const result = await send(o, body).catch((e: Error) => ({ status: 0, error: e.message, decision: undefined }));
    const key = result.decision ?? `HTTP ${result.status}`;
    tally[key] = (tally[key] ?? 0) + 1;
    if (result.status === 401 || result.status === 403) {
      console.error(`refused: ${result.error}`);
      return 1;
    }
    if ((i + 1) % 20 === 0 || i + 1 === plan.length) console.log(`${i + 1}/${plan.length}`, JSON.stringify(tally));
    await new Promise((resolve) => setTimeout(resolve, 1000 / o.rate));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
