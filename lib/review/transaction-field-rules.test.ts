import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import { ingestAuditChain } from '@/lib/transactions/ingest-rows';
import { findReviewQueue } from './find-review-queue';
import { getTransactionDetail } from './get-transaction-detail';
import { getReviewDashboard } from './review-dashboard';
import { insertCustomer, insertTransaction, reload, staffWithRole } from './review-test-helpers';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

/** Every Transaction field but the three the queue masks (reference, merchantName, cardLast4). */
const PLAIN_FIELDS = ['id', 'amountMinor', 'currency', 'status', 'riskLevel', 'riskScore', 'assigneeId', 'merchantCountry', 'merchantCategoryCode', 'region', 'customerId', 'createdAt'];
const MASKED_ONES = ['reference', 'merchantName', 'cardLast4'];

async function sameCustomerPair(tag: string, second: { region?: string } = {}) {
  const customerId = await insertCustomer(t.db);
  const first = await insertTransaction(t.db, { customerId, merchantName: `${tag} first`, receivedAt: new Date(Date.now() - 120_000), occurredAt: new Date(Date.now() - 120_000) });
  const other = await insertTransaction(t.db, { customerId, merchantName: `${tag} second`, ...second });
  return { first, other };
}

describe('Transaction field rules on the detail page', () => {
  it('masks reference, merchant name and card (BIN and last four) on the detail and its history, as the queue does', async () => {
    const limited = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS }] });
    const { first, other } = await sameCustomerPair('Secret Casino Ltd');
    const actor = await limited.actor();
    const item = (await findReviewQueue(t.db, actor, { status: 'all' })).items.find((i) => i.id === first.id)!;
    expect(item).toMatchObject({ reference: '•••', merchantName: '•••', cardLast4: '•••' });
    const d = await getTransactionDetail(t.db, actor, first.id);
    expect(d.row).toMatchObject({ externalId: '•••', merchantName: '•••', cardBin: '•••', cardLast4: '•••' });
    expect(d.card).toBe('••• •••• •••');
    expect(d.history.recent.map((h) => [h.id, h.merchantName])).toEqual([[other.id, '•••']]);
    const shown = JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const secret of ['Secret Casino', first.externalId, other.externalId, '411111']) expect(shown).not.toContain(secret);
    // the timeline still finds the ingest event, through the real reference kept on the server
    expect(d.ingestChain).toBe(ingestAuditChain(first.externalId));
  });

  it('masks per record under a conditional field grant (history rows checked one by one)', async () => {
    const eu = await staffWithRole(t.db, { rules: [
      { action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS },
      { action: 'read', subject: 'Transaction', fields: MASKED_ONES, conditions: { region: 'EU' } },
    ] });
    const { first, other } = await sameCustomerPair('Regional Shop', { region: 'APAC' });
    const actor = await eu.actor();
    const inEu = await getTransactionDetail(t.db, actor, first.id);
    expect(inEu.row).toMatchObject({ externalId: first.externalId, merchantName: 'Regional Shop first', cardLast4: '1111' });
    expect(inEu.card).toBe('411111 •••• 1111');
    expect(inEu.history.recent).toEqual([expect.objectContaining({ id: other.id, merchantName: '•••' })]);
    const inApac = await getTransactionDetail(t.db, actor, other.id);
    expect(inApac.row).toMatchObject({ externalId: '•••', merchantName: '•••', cardBin: '•••' });
    expect(inApac.history.recent).toEqual([expect.objectContaining({ id: first.id, merchantName: 'Regional Shop first' })]);
  });

  it('masks a field denied on its own (cannot read Transaction [merchantName]) in the queue and the detail', async () => {
    const denied = await staffWithRole(t.db, { rules: [
      { action: 'read', subject: 'Transaction' },
      { action: 'read', subject: 'Transaction', fields: ['merchantName'], inverted: true },
    ] });
    const { first } = await sameCustomerPair('Hidden Merchant');
    const actor = await denied.actor();
    const item = (await findReviewQueue(t.db, actor, { status: 'all' })).items.find((i) => i.id === first.id)!;
    expect(item).toMatchObject({ merchantName: '•••', reference: first.externalId, cardLast4: '1111' });
    const d = await getTransactionDetail(t.db, actor, first.id);
    expect(d.row).toMatchObject({ merchantName: '•••', externalId: first.externalId });
    expect(d.history.recent.every((h) => h.merchantName === '•••')).toBe(true);
  });

  it("masks the dashboard's oldest waiting item reference the same way", async () => {
    const limited = await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS, conditions: { region: 'OLDEST' } }] });
    const oldest = await insertTransaction(t.db, { region: 'OLDEST' });
    const board = await getReviewDashboard(t.db, await limited.actor());
    expect(board?.oldestFrozen).toEqual({ id: oldest.id, reference: '•••', receivedAt: oldest.receivedAt });
    const full = await getReviewDashboard(t.db, await (await staffWithRole(t.db, { rules: [{ action: 'read', subject: 'Transaction', conditions: { region: 'OLDEST' } }] })).actor());
    expect(full?.oldestFrozen?.reference).toBe(oldest.externalId);
  });

  it('shows everything to a built-in role (compliance officer), as before', async () => {
    const officer = await staffWithRole(t.db, 'compliance-officer');
    const { first, other } = await sameCustomerPair('Open Books');
    const d = await getTransactionDetail(t.db, await officer.actor(), first.id);
    expect(d.row).toMatchObject({ externalId: first.externalId, merchantName: 'Open Books first', cardBin: '411111', cardLast4: '1111' });
    expect(d.card).toBe('411111 •••• 1111');
    expect(d.history.recent).toEqual([expect.objectContaining({ id: other.id, merchantName: 'Open Books second', amountMinor: '12500' })]);
  });
});

describe('merchant filter on a masked merchant name', () => {
  it('refuses the merchant filter (VALIDATION) when the merchant name is masked anywhere, so it cannot probe the hidden name', async () => {
    const { first } = await sameCustomerPair('Probe Target Ltd');
    const roles = [
      [{ action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS }],
      [{ action: 'read', subject: 'Transaction' }, { action: 'read', subject: 'Transaction', fields: ['merchantName'], inverted: true }],
      [{ action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS }, { action: 'read', subject: 'Transaction', fields: ['merchantName'], conditions: { region: 'EU' } }],
    ];
    for (const rules of roles) {
      const who = await staffWithRole(t.db, { rules });
      const actor = await who.actor();
      for (const merchant of ['Probe Tar', 'Probe Taz']) {
        await expect(findReviewQueue(t.db, actor, { merchant })).rejects.toMatchObject({ code: 'VALIDATION', status: 422, message: expect.stringContaining('merchant') });
      }
      // without the filter the queue still answers
      expect((await findReviewQueue(t.db, actor, { status: 'all' })).total).toBeGreaterThan(0);
    }
    expect(await reload(t.db, first.id)).toEqual(first);
  });

  it('keeps the merchant filter for roles that show the name on every readable row', async () => {
    const { first } = await sameCustomerPair('Filterable Shop');
    const roles: [string | { rules: unknown[] }, string][] = [
      ['compliance-officer', 'built-in'],
      [{ rules: [{ action: 'read', subject: 'Transaction', conditions: { region: 'EU' } }] }, 'row-conditional, all fields'],
      [{ rules: [{ action: 'read', subject: 'Transaction', fields: [...PLAIN_FIELDS, 'merchantName'] }] }, 'field list naming merchantName'],
      [{ rules: [{ action: 'read', subject: 'Transaction' }, { action: 'read', subject: 'Transaction', fields: PLAIN_FIELDS, conditions: { region: 'APAC' } }] }, 'an unconditional grant covers it'],
    ];
    for (const [role, label] of roles) {
      const who = await staffWithRole(t.db, role);
      const res = await findReviewQueue(t.db, await who.actor(), { merchant: 'Filterable Shop' });
      expect(res.items.map((i) => i.id), label).toContain(first.id);
    }
    const refusals = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'authz.denied'), eq(auditEvents.targetId, first.id)));
    expect(refusals).toHaveLength(0);
  });
});
