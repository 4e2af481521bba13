import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, notifications, sessions, transactions } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import { bulkDecline } from './bulk-review';
import { DEFAULT_SLA_MINUTES } from './review-config';
import { claimNextUnassigned } from './claim-next-unassigned';
import { findReviewQueue } from './find-review-queue';
import { getReviewDashboard } from './review-dashboard';
import { revealCustomerPii } from './reveal-customer-pii';
import { getTransactionDetail } from './get-transaction-detail';
import { insertTransaction, reload, staffWithRole } from './review-test-helpers';
import { sweepOverdueReviews } from './sweep-overdue-reviews';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('queue listing', () => {
  it('pages with keyset cursors through every matching row exactly once, with the total count', async () => {
    const merchant = `Pager ${Date.now()}`;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await insertTransaction(t.db, { merchantName: merchant, receivedAt: minutesAgo(100 - i) }));
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await findReviewQueue(t.db, await reviewer.actor(), { merchant, limit: '3', ...(cursor ? { cursor } : {}) });
      expect(res.total).toBe(7);
      seen.push(...res.items.map((i) => i.id));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual(made.map((m) => m.id));
  });

  const cases: [string, Record<string, string>, (row: typeof transactions.$inferSelect) => boolean][] = [
    ['level', { level: 'high' }, (r) => r.riskLevel === 'high'],
    ['score range', { scoreMin: '70', scoreMax: '80' }, (r) => r.riskScore >= 70 && r.riskScore <= 80],
    ['amount range in EUR', { currency: 'EUR', amountMin: '100', amountMax: '500' }, (r) => r.currency === 'EUR' && r.amountMinor >= 10_000n && r.amountMinor <= 50_000n],
    ['country', { country: 'DE' }, (r) => r.merchantCountry === 'DE'],
    ['overdue SLA (per level)', { sla: 'overdue' }, (r) => r.receivedAt < minutesAgo(DEFAULT_SLA_MINUTES[r.riskLevel])],
    ['age over 24 h', { age: 'gt24h' }, (r) => r.receivedAt < minutesAgo(24 * 60)],
    ['unassigned', { assignee: 'none' }, (r) => r.assigneeId === null],
    ['released (decided) items', { status: 'released' }, (r) => r.status === 'released'],
  ];
  it.each(cases)('filters by %s in SQL (and only returns matching rows)', async (_name, filter, matches) => {
    const tag = `Filter ${Math.random().toString(36).slice(2, 8)}`;
    const rows = [
      await insertTransaction(t.db, { merchantName: tag, riskLevel: 'high', riskScore: 75, receivedAt: minutesAgo(90) }),
      await insertTransaction(t.db, { merchantName: tag, riskLevel: 'medium', riskScore: 40, amountMinor: 20_000n, merchantCountry: 'DE', receivedAt: minutesAgo(30 * 60) }),
      await insertTransaction(t.db, { merchantName: tag, riskLevel: 'high', riskScore: 90, currency: 'USD', receivedAt: minutesAgo(5) }),
      await insertTransaction(t.db, { merchantName: tag, status: 'released', riskScore: 20, riskLevel: 'low' }),
    ];
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const res = await findReviewQueue(t.db, await reviewer.actor(), { merchant: tag, status: filter.status ?? 'open', ...filter });
    const openOrAsked = (r: (typeof rows)[number]) => (filter.status ? true : r.status !== 'released');
    expect(res.items.map((i) => i.id).sort()).toEqual(rows.filter((r) => openOrAsked(r) && matches(r)).map((r) => r.id).sort());
  });

  it("never lists another region's items to a region-bound reviewer, nor counts them", async () => {
    const tag = `Region ${Date.now()}`;
    await insertTransaction(t.db, { merchantName: tag, region: 'EU' });
    await insertTransaction(t.db, { merchantName: tag, region: 'APAC' });
    const eu = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Transaction', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const res = await findReviewQueue(t.db, await eu.actor(), { merchant: tag });
    expect(res.total).toBe(1);
    expect(res.items.every((i) => i.reference !== '')).toBe(true);
  });

  it('refuses someone without read Transaction (403) and bad filters (422)', async () => {
    const nobody = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'AuditEvent' }] });
    await expect(findReviewQueue(t.db, await nobody.actor(), {})).rejects.toMatchObject({ status: 403 });
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    await expect(findReviewQueue(t.db, await reviewer.actor(), { level: 'extreme' })).rejects.toMatchObject({ status: 422 });
  });
});

describe('next unassigned', () => {
  it('hands out the most urgent waiting item and null when nothing is left for this reviewer', async () => {
    const eu = await staffWithRole(t.db, { rules: [{ action: ['read', 'review'], subject: 'Transaction', conditions: { region: 'NOWHERE' } }] });
    expect(await claimNextUnassigned(t.db, await eu.actor())).toBeNull();
    const reviewer = await staffWithRole(t.db, { rules: [{ action: ['read', 'review'], subject: 'Transaction', conditions: { region: 'MEA' } }] });
    const later = await insertTransaction(t.db, { region: 'MEA', riskLevel: 'low', receivedAt: minutesAgo(120) });
    const urgent = await insertTransaction(t.db, { region: 'MEA', riskLevel: 'high', receivedAt: minutesAgo(10) });
    expect((await claimNextUnassigned(t.db, await reviewer.actor()))?.id).toBe(urgent.id);
    expect((await claimNextUnassigned(t.db, await reviewer.actor()))?.id).toBe(later.id);
    expect(await reload(t.db, urgent.id)).toMatchObject({ status: 'in_review', assigneeId: reviewer.staffId });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('gives 20 reviewers calling at once 20 different items (Postgres)', async () => {
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push((await insertTransaction(t.db, { region: 'RACE' })).id);
    const people = await Promise.all(Array.from({ length: 20 }, () => staffWithRole(t.db, { rules: [{ action: ['read', 'review'], subject: 'Transaction', conditions: { region: 'RACE' } }] })));
    const actors = await Promise.all(people.map((p) => p.actor()));
    const got = await Promise.all(actors.map((a) => claimNextUnassigned(t.db, a)));
    const claimed = got.map((g) => g?.id);
    expect(claimed.every(Boolean)).toBe(true);
    expect(new Set(claimed).size).toBe(20);
    const rows = await t.db.select().from(transactions).where(inArray(transactions.id, ids));
    expect(rows.filter((r) => r.status === 'in_review')).toHaveLength(20);
    expect(new Set(rows.map((r) => r.assigneeId).filter(Boolean)).size).toBe(20);
  });
});

describe('bulk decline', () => {
  it('declines what the actor may act on and reports each skipped item with a reason', async () => {
    const eu = await staffWithRole(t.db, { rules: [{ action: ['read', 'review', 'decline'], subject: 'Transaction', conditions: { region: 'EU' } }] });
    const mine = await insertTransaction(t.db);
    const decided = await insertTransaction(t.db, { status: 'declined' });
    const hidden = await insertTransaction(t.db, { region: 'APAC' });
    const res = await bulkDecline(t.db, await eu.actor(), { transactionIds: [mine.id, decided.id, hidden.id], reasonCode: 'suspicious_pattern', note: 'Card testing burst' });
    expect(res.done).toEqual([mine.id]);
    expect(res.skipped).toEqual([
      { id: decided.id, reason: expect.stringContaining('already declined') },
      { id: hidden.id, reason: 'not found' },
    ]);
    expect((await reload(t.db, mine.id)).status).toBe('declined');
    expect(await reload(t.db, hidden.id)).toEqual(hidden);
  });
});

describe('detail and reveal', () => {
  it('shows the customer masked and the card as BIN •••• last4', async () => {
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db, { customerName: 'Jane Q. Doe', email: 'jane@example.com' });
    const detail = await getTransactionDetail(t.db, await reviewer.actor(), tx.id);
    expect(detail.card).toBe('411111 •••• 1111');
    expect(detail.customer.fields).toMatchObject({ name: 'J••• Q••• D•••', email: 'j•••@e•••.com' });
    expect(JSON.stringify(detail.customer)).not.toContain('jane@example.com');
    expect(detail.factors[0]).toMatchObject({ code: 'amount.unusual' });
  });

  it('reveals PII with a reason after a recent passkey, auditing pii.revealed with the reason', async () => {
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db, { email: 'reveal.me@example.com' });
    const plain = await revealCustomerPii(t.db, await reviewer.actor(), { transactionId: tx.id, reason: 'Customer called about this payment' });
    expect(plain.email).toBe('reveal.me@example.com');
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'pii.revealed'), eq(auditEvents.actorId, reviewer.staffId)));
    expect(event).toMatchObject({ reason: 'Customer called about this payment' });
    expect(JSON.stringify(event)).not.toContain('reveal.me@example.com');
  });

  it('refuses a reveal without a recent passkey, without a reason, with a card number in the reason, or without the permission; none audited as revealed', async () => {
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const auditor = await staffWithRole(t.db, 'auditor');
    const tx = await insertTransaction(t.db);
    await expect(revealCustomerPii(t.db, await auditor.actor(), { transactionId: tx.id, reason: 'Just curious about it' })).rejects.toMatchObject({ status: 403 });
    await expect(revealCustomerPii(t.db, await reviewer.actor(), { transactionId: tx.id, reason: '' })).rejects.toMatchObject({ status: 422 });
    await expect(revealCustomerPii(t.db, await reviewer.actor(), { transactionId: tx.id, reason: 'Card 4111 1111 1111 1111 used' })).rejects.toMatchObject({ status: 422 });
    await t.db.update(sessions).set({ lastPasskeyAt: minutesAgo(6) }).where(eq(sessions.id, reviewer.sessionId));
    await expect(revealCustomerPii(t.db, await reviewer.actor(), { transactionId: tx.id, reason: 'Customer called about this payment' })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const revealed = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'pii.revealed'), inArray(auditEvents.actorId, [reviewer.staffId, auditor.staffId])));
    expect(revealed).toHaveLength(0);
  });
});

describe('overdue sweep and dashboard', () => {
  it('reports each overdue item once: notification to the holder, audited', async () => {
    const holder = await staffWithRole(t.db, 'compliance-officer');
    const late = await insertTransaction(t.db, { riskLevel: 'high', status: 'in_review', assigneeId: holder.staffId, receivedAt: minutesAgo(61) });
    const onTime = await insertTransaction(t.db, { riskLevel: 'high', receivedAt: minutesAgo(10) });
    await sweepOverdueReviews(t.db);
    await sweepOverdueReviews(t.db);
    const mine = await t.db.select().from(notifications).where(eq(notifications.audience, `staff:${holder.staffId}`));
    expect(mine.filter((n) => n.kind === 'review.overdue')).toHaveLength(1);
    expect(await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'transaction.sla_overdue'), eq(auditEvents.targetId, late.id)))).toHaveLength(1);
    expect((await reload(t.db, onTime.id)).slaDueAt).toBeNull();
  });

  it('counts open items by status and level, SLA breaches and 14 days of volume for the actor', async () => {
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const claimed = await insertTransaction(t.db, { status: 'in_review', assigneeId: reviewer.staffId });
    const board = await getReviewDashboard(t.db, await reviewer.actor());
    expect(board?.daily).toHaveLength(14);
    expect(board?.byStatus.find((s) => s.status === 'in_review')?.count).toBeGreaterThan(0);
    expect(board?.mine.map((m) => m.id)).toContain(claimed.id);
    expect(board?.slaBreaches).toBeGreaterThan(0);
    const nobody = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'AuditEvent' }] });
    expect(await getReviewDashboard(t.db, await nobody.actor())).toBeNull();
  });
});
