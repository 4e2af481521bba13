/**
 * Demo transactions for a development console: ~5,000 synthetic payments by ~300 invented
 * customers over the last 30 days, streamed in time order THROUGH the real ingest path
 * (PAN guard, zod, encryption, risk scoring, audit) so the review queue holds frozen and
 * declined items with genuine factors. Deterministic (seeded PRNG); runs only when the
 * transactions table is empty; submitted under a service token that is revoked at once.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { serviceTokens, transactions } from './schema';
import type { TDb } from './types';
import { createServiceToken } from '@/lib/service-tokens/create-service-token';
import { parseIngestBody } from '@/lib/transactions/ingest-body-guard';
import { ingestTransaction } from '@/lib/transactions/ingest-transaction';
import { logger } from '@/lib/log/logger';
import { demoCustomers, EVERYDAY_MERCHANTS, FAR_AWAY, pick, RISKY_MERCHANTS, seededRandom, type TDemoCustomer, type TRandom } from './seed-transactions-profiles';

export type TDemoSeedOptions = { transactions?: number; customers?: number; days?: number; seed?: number; now?: Date; onProgress?: (done: number, total: number) => void };
export type TDemoSeedResult = { skipped: boolean; ingested: number; byDecision: Record<string, number> };

type TPlanned = { at: Date; body: Record<string, unknown> };

function jitter(r: TRandom, degrees: number): number {
  return (r() - 0.5) * 2 * degrees;
}

/** One customer's payment at `at`; `twist` bends it into a pattern the risk engine should notice. */
type TTwist = { far?: boolean; big?: boolean; risky?: boolean };

function payment(r: TRandom, c: TDemoCustomer, at: Date, i: number, twist: TTwist = {}): TPlanned {
  const place = twist.far ? pick(r, FAR_AWAY) : c.home;
  const merchant = twist.risky ? pick(r, RISKY_MERCHANTS) : pick(r, EVERYDAY_MERCHANTS);
  const factor = twist.big ? 8 + r() * 10 : 0.4 + r() * 1.2;
  const device = twist.far || twist.risky ? `demo-dev-new-${i}` : pick(r, c.devices);
  return {
    at,
    body: {
      externalId: `demo-tx-${String(i).padStart(6, '0')}`,
      amountMinor: Math.max(100, Math.round(c.typicalMinor * factor)),
      currency: c.home.currency,
      occurredAt: at.toISOString(),
      merchant: { name: `${merchant.name} ${place.city}`, categoryCode: merchant.mcc, country: place.country },
      customer: { reference: c.reference, name: c.name, email: c.email, phone: c.phone },
      paymentMethod: c.card,
      channel: r() < 0.6 ? 'ecommerce' : 'pos',
      device: { id: device, fingerprint: `fp-${device}`, ip: `198.51.100.${1 + Math.floor(r() * 250)}`, userAgent: 'DemoBrowser/1.0' },
      geolocation: { country: place.country, lat: place.lat + jitter(r, 0.05), lon: place.lon + jitter(r, 0.05) },
    },
  };
}

/** The whole plan, in time order: mostly everyday spending, a few percent of anomalies. */
export function planDemoTransactions(opts: Required<Pick<TDemoSeedOptions, 'transactions' | 'customers' | 'days' | 'seed'>> & { now: Date }): TPlanned[] {
  const r = seededRandom(opts.seed);
  const people = demoCustomers(r, opts.customers);
  const start = opts.now.getTime() - opts.days * 86_400_000;
  const span = opts.days * 86_400_000 - 3_600_000;
  const planned: TPlanned[] = [];
  let i = 0;
  while (planned.length < opts.transactions) {
    const c = pick(r, people);
    const at = new Date(start + r() * span);
    const roll = r();
    if (roll < 0.025) {
      // A home payment, then the same card far away 20–60 minutes later: impossible travel.
      // Some of those are also large: several strong signals at once → decline.
      const later = new Date(at.getTime() + (20 + r() * 40) * 60_000);
      planned.push(payment(r, c, at, i++), payment(r, c, later, i++, { far: true, big: roll < 0.01 }));
    } else if (roll < 0.04) {
      for (let k = 0; k < 7; k++) planned.push(payment(r, c, new Date(at.getTime() + k * 4 * 60_000), i++));
    } else if (roll < 0.07) planned.push(payment(r, c, at, i++, { big: true }));
    else if (roll < 0.09) planned.push(payment(r, c, at, i++, { risky: true, big: roll < 0.075 }));
    else planned.push(payment(r, c, at, i++));
  }
  return planned.slice(0, opts.transactions).sort((a, b) => a.at.getTime() - b.at.getTime());
}

export async function seedDemoTransactions(db: TDb, options: TDemoSeedOptions = {}): Promise<TDemoSeedResult> {
  const [any] = await db.select({ id: transactions.id }).from(transactions).limit(1);
  if (any) return { skipped: true, ingested: 0, byDecision: {} };
  const now = options.now ?? new Date();
  const plan = planDemoTransactions({ transactions: options.transactions ?? 5_000, customers: options.customers ?? 300, days: options.days ?? 30, seed: options.seed ?? 20261123, now });
  const token = await db.transaction((tx) =>
    createServiceToken(tx, { name: 'Demo data (seed)', scopes: ['transactions:ingest'], expiresAt: new Date(now.getTime() + 60_000), requireSignature: false, createdBy: null }, { actor: { type: 'system' } }),
  );
  // Nobody ever holds this token's plaintext; revoked anyway so it can never authenticate.
  await db.update(serviceTokens).set({ revokedAt: now }).where(eq(serviceTokens.id, token.id));
  const byDecision: Record<string, number> = {};
  const meta = { requestId: 'demo-seed', ip: null, userAgent: null };
  for (const [n, p] of plan.entries()) {
    const input = parseIngestBody(JSON.stringify(p.body));
    const result = await ingestTransaction(db, input, { tokenId: token.id, meta, receivedAt: new Date(p.at.getTime() + 2_000) });
    byDecision[result.decision] = (byDecision[result.decision] ?? 0) + 1;
    if ((n + 1) % 500 === 0) options.onProgress?.(n + 1, plan.length);
  }
  return { skipped: false, ingested: plan.length, byDecision };
}

/** Rows in the table (for progress messages and tests). */
export async function countTransactions(db: TDb): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(transactions);
  return Number(row?.n ?? 0);
}

/**
 * Development start: seeds the demo transactions in the background once the server is up,
 * logging progress, so `next dev` is not held up (about a minute on PGlite). Failures are
 * logged, never fatal: the console works without demo data.
 */
export function startDemoTransactionSeed(getDb: () => Promise<TDb>, delayMs = 3_000): void {
  setTimeout(() => {
    void (async () => {
      const log = logger().child({ task: 'demo-transactions' });
      try {
        const db = await getDb();
        if ((await countTransactions(db)) > 0) return;
        log.info('seeding ~5,000 demo transactions through the ingest path in the background');
        const started = Date.now();
        const result = await seedDemoTransactions(db, { onProgress: (done, total) => log.info({ done, total }, 'demo transactions') });
        if (!result.skipped) log.info({ ...result.byDecision, ms: Date.now() - started }, 'demo transactions ready');
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo transaction seed stopped');
      }
    })();
  }, delayMs).unref?.();
}
