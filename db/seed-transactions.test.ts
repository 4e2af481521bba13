import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { auditEvents, customers, serviceTokens, transactions } from './schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { countTransactions, planDemoTransactions, seedDemoTransactions } from './seed-transactions';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.dispose());

const now = new Date('2026-11-20T12:00:00Z');

describe('demo transaction seed', () => {
  it('plans the same transactions for the same seed, in time order', () => {
    const a = planDemoTransactions({ transactions: 300, customers: 40, days: 30, seed: 7, now });
    const b = planDemoTransactions({ transactions: 300, customers: 40, days: 30, seed: 7, now });
    expect(a).toEqual(b);
    expect(a.map((p) => p.at.getTime())).toEqual([...a.map((p) => p.at.getTime())].sort((x, y) => x - y));
    expect(JSON.stringify(a)).not.toMatch(/@(?!example\.test)[a-z]+\.[a-z]+"/);
  });

  it('ingests through the real path: frozen and declined items with factors, encrypted PII, one audit event each', async () => {
    const result = await seedDemoTransactions(t.db, { transactions: 600, customers: 40, days: 30, now });
    expect(result).toMatchObject({ skipped: false, ingested: 600 });
    expect(await countTransactions(t.db)).toBe(600);
    const byStatus = await t.db.select({ status: transactions.status, n: count() }).from(transactions).groupBy(transactions.status);
    const n = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
    expect(n('frozen')).toBeGreaterThan(5);
    expect(n('declined')).toBeGreaterThan(0);
    expect(n('released')).toBeGreaterThan(400);
    const [frozen] = await t.db.select().from(transactions).where(eq(transactions.status, 'frozen')).limit(1);
    expect(frozen?.factors.length).toBeGreaterThan(0);
    const [c] = await t.db.select().from(customers).limit(1);
    expect(c?.nameEnc).toBeTruthy();
    expect(c?.emailBlindIndex).toBeTruthy();
    const [events] = await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'transaction.ingested'));
    expect(Number(events?.n)).toBe(600);
    const tokens = await t.db.select().from(serviceTokens);
    expect(tokens.every((tok) => tok.revokedAt !== null)).toBe(true);
    const [span] = await t.db.select({ min: sql<string>`min(received_at)::text`, max: sql<string>`max(received_at)::text` }).from(transactions);
    expect(new Date(span!.max).getTime() - new Date(span!.min).getTime()).toBeGreaterThan(20 * 86_400_000);
  }, 300_000);

  it('does nothing when transactions already exist', async () => {
    expect(await seedDemoTransactions(t.db, { transactions: 50, customers: 5, now })).toMatchObject({ skipped: true });
    expect(await countTransactions(t.db)).toBe(600);
  });
});
