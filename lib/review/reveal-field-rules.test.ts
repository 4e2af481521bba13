import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import { getTransactionDetail } from './get-transaction-detail';
import { revealCustomerPii } from './reveal-customer-pii';
import { insertTransaction, staffWithRole } from './review-test-helpers';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const REASON = 'Customer called about this payment';

async function eventsOf(staffId: string, action: string) {
  return t.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, staffId)));
}

function withReveal(...pii: Record<string, unknown>[]) {
  return { rules: [{ action: 'read', subject: 'Transaction' }, ...pii.map((r) => ({ action: 'reveal', subject: 'CustomerPII', ...r }))] };
}

describe('CustomerPII field rules on reveal', () => {
  it('reveals and audits only the permitted fields (a name grant with "cannot reveal [email]" never returns the email)', async () => {
    const who = await staffWithRole(t.db, withReveal({ fields: ['name'] }, { fields: ['email'], inverted: true }));
    const tx = await insertTransaction(t.db, { customerName: 'Jane Q. Doe', email: 'jane@example.com' });
    const out = await revealCustomerPii(t.db, await who.actor(), { transactionId: tx.id, reason: REASON });
    expect(out).toEqual({ name: 'Jane Q. Doe' });
    const [event, ...more] = await eventsOf(who.staffId, 'pii.revealed');
    expect(more).toHaveLength(0);
    expect(event!.data).toMatchObject({ fields: ['name'], transactionId: tx.id });
    expect(JSON.stringify(event)).not.toContain('jane@example.com');
  });

  it('applies a denial of one field to an otherwise full grant', async () => {
    const who = await staffWithRole(t.db, withReveal({}, { fields: ['email'], inverted: true }));
    const tx = await insertTransaction(t.db, { customerName: 'Ann Other', email: 'ann@example.com' });
    expect(await revealCustomerPii(t.db, await who.actor(), { transactionId: tx.id, reason: REASON })).toEqual({ name: 'Ann Other' });
    expect((await eventsOf(who.staffId, 'pii.revealed'))[0]!.data).toMatchObject({ fields: ['name'] });
  });

  it('refuses (403, audited as denied) a grant whose every field is denied again, and reveals nothing', async () => {
    const who = await staffWithRole(t.db, withReveal({ fields: ['email'] }, { fields: ['email'], inverted: true }));
    const tx = await insertTransaction(t.db);
    const actor = await who.actor();
    await expect(revealCustomerPii(t.db, actor, { transactionId: tx.id, reason: REASON })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await eventsOf(who.staffId, 'pii.revealed')).toHaveLength(0);
    expect(await eventsOf(who.staffId, 'authz.denied')).toEqual([expect.objectContaining({ targetId: tx.customerId })]);
    // and the page does not offer the reveal
    expect((await getTransactionDetail(t.db, actor, tx.id)).can.reveal).toBe(false);
  });

  it('answers NOT_FOUND, revealing and auditing nothing, when none of the permitted fields is stored', async () => {
    const who = await staffWithRole(t.db, withReveal({ fields: ['phone'] }));
    const tx = await insertTransaction(t.db);
    await expect(revealCustomerPii(t.db, await who.actor(), { transactionId: tx.id, reason: REASON })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await eventsOf(who.staffId, 'pii.revealed')).toHaveLength(0);
  });

  it('still reveals every stored field to a compliance officer, listing them all in the audit event', async () => {
    const officer = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db, { customerName: 'Full View', email: 'full@example.com' });
    const actor = await officer.actor();
    expect((await getTransactionDetail(t.db, actor, tx.id)).can.reveal).toBe(true);
    expect(await revealCustomerPii(t.db, actor, { transactionId: tx.id, reason: REASON })).toEqual({ name: 'Full View', email: 'full@example.com' });
    expect((await eventsOf(officer.staffId, 'pii.revealed'))[0]!.data).toMatchObject({ fields: ['name', 'email'] });
  });
});
