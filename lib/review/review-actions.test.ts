import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests, auditEvents, outboxMessages, transactionNotes, transactions } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import { transactionRelease } from '@/lib/approvals/action-types/transaction-release';
import { meta } from '@/lib/testing/auth-factories';
import { assignTransaction, claimTransaction, releaseClaim } from './claim-transaction';
import { decideTransaction } from './decide-transaction';
import { addTransactionNote } from './add-transaction-note';
import { insertTransaction, reload, staffWithRole } from './review-test-helpers';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const PAN_NOTE = 'Customer read out 4111 1111 1111 1111 on the phone';

async function eventsFor(id: string, action: string) {
  return t.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, action)));
}
async function outboxFor(id: string) {
  return t.db.select().from(outboxMessages).where(sql`${outboxMessages.payload}->>'transactionId' = ${id}`);
}
async function denials(id: string) {
  return t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'authz.denied'), eq(auditEvents.targetId, id)));
}

describe('claiming', () => {
  it('claims a frozen item: in review, assigned, version bumped, audited in the same change', async () => {
    const reviewer = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db);
    const result = await claimTransaction(t.db, await reviewer.actor(), { transactionId: tx.id, version: tx.version });
    const row = await reload(t.db, tx.id);
    expect(row).toMatchObject({ status: 'in_review', assigneeId: reviewer.staffId, version: tx.version + 1 });
    expect(result.version).toBe(row.version);
    expect(await eventsFor(tx.id, 'transaction.claimed')).toHaveLength(1);
  });

  it('refuses a second claim of the same item with CONFLICT and leaves the first claim alone', async () => {
    const [a, b] = [await staffWithRole(t.db, 'compliance-officer'), await staffWithRole(t.db, 'compliance-officer')];
    const tx = await insertTransaction(t.db);
    await claimTransaction(t.db, await a.actor(), { transactionId: tx.id });
    await expect(claimTransaction(t.db, await b.actor(), { transactionId: tx.id, version: tx.version })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await reload(t.db, tx.id)).assigneeId).toBe(a.staffId);
  });

  it('refuses a stale version (someone changed it since the page loaded)', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db, { version: 3 });
    await expect(claimTransaction(t.db, await a.actor(), { transactionId: tx.id, version: 2 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await reload(t.db, tx.id)).status).toBe('frozen');
  });

  it('refuses an auditor (read-only) with 403, one authz.denied, nothing changed', async () => {
    const auditor = await staffWithRole(t.db, 'auditor');
    const tx = await insertTransaction(t.db);
    await expect(claimTransaction(t.db, await auditor.actor(), { transactionId: tx.id })).rejects.toMatchObject({ status: 403 });
    expect(await reload(t.db, tx.id)).toEqual(tx);
    expect(await denials(tx.id)).toHaveLength(1);
  });

  it("hides another region's item from a region-bound reviewer (404, nothing changed)", async () => {
    const eu = await staffWithRole(t.db, { rules: [{ action: ['read', 'review', 'decline'], subject: 'Transaction', conditions: { region: '${actor.region}' } }] }, { region: 'EU' });
    const tx = await insertTransaction(t.db, { region: 'APAC' });
    await expect(claimTransaction(t.db, await eu.actor(), { transactionId: tx.id })).rejects.toMatchObject({ status: 404 });
    await expect(decideTransaction(t.db, await eu.actor(), { transactionId: tx.id, decision: 'decline', reasonCode: 'confirmed_fraud', note: 'fraud' })).rejects.toMatchObject({ status: 404 });
    expect(await reload(t.db, tx.id)).toEqual(tx);
    expect(await outboxFor(tx.id)).toHaveLength(0);
  });

  it('releases one’s own claim back to the queue; someone else’s claim needs assign', async () => {
    const [a, b] = [await staffWithRole(t.db, 'compliance-officer'), await staffWithRole(t.db, { rules: [{ action: ['read', 'review'], subject: 'Transaction' }] })];
    const tx = await insertTransaction(t.db);
    await claimTransaction(t.db, await a.actor(), { transactionId: tx.id });
    await expect(releaseClaim(t.db, await b.actor(), { transactionId: tx.id })).rejects.toMatchObject({ status: 403 });
    expect((await reload(t.db, tx.id)).assigneeId).toBe(a.staffId);
    await releaseClaim(t.db, await a.actor(), { transactionId: tx.id });
    expect(await reload(t.db, tx.id)).toMatchObject({ status: 'frozen', assigneeId: null });
    expect(await eventsFor(tx.id, 'transaction.claim_released')).toHaveLength(1);
  });

  it('assigns to a colleague who may review it, and refuses one who may not', async () => {
    const lead = await staffWithRole(t.db, 'compliance-officer');
    const colleague = await staffWithRole(t.db, 'compliance-officer');
    const auditor = await staffWithRole(t.db, 'auditor');
    const tx = await insertTransaction(t.db);
    await expect(assignTransaction(t.db, await lead.actor(), { transactionId: tx.id, assigneeId: auditor.staffId })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await reload(t.db, tx.id)).assigneeId).toBeNull();
    await assignTransaction(t.db, await lead.actor(), { transactionId: tx.id, assigneeId: colleague.staffId });
    expect(await reload(t.db, tx.id)).toMatchObject({ status: 'in_review', assigneeId: colleague.staffId });
    expect(await eventsFor(tx.id, 'transaction.assigned')).toHaveLength(1);
  });
});

describe('decisions', () => {
  it('declines with a reason and note: note stored, audited, webhook enqueued once with an idempotency key', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db);
    await claimTransaction(t.db, await a.actor(), { transactionId: tx.id });
    const result = await decideTransaction(t.db, await a.actor(), { transactionId: tx.id, decision: 'decline', reasonCode: 'confirmed_fraud', note: 'Customer confirmed the card was stolen' });
    expect(result).toMatchObject({ outcome: 'decided', status: 'declined' });
    expect(await reload(t.db, tx.id)).toMatchObject({ status: 'declined', decidedBy: a.staffId, decisionReasonCode: 'confirmed_fraud' });
    expect(await t.db.select().from(transactionNotes).where(eq(transactionNotes.transactionId, tx.id))).toHaveLength(1);
    const [event] = await eventsFor(tx.id, 'transaction.declined');
    expect(event?.data).toMatchObject({ reasonCode: 'confirmed_fraud' });
    const webhooks = await outboxFor(tx.id);
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]).toMatchObject({ topic: 'transaction.decision', payload: expect.objectContaining({ decision: 'decline', externalId: tx.externalId }) });
    expect(webhooks[0]!.idempotencyKey).toContain(tx.id);
  });

  it('refuses a reason code that does not belong to the decision, and a note holding a card number; nothing stored', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db);
    await expect(decideTransaction(t.db, await a.actor(), { transactionId: tx.id, decision: 'release', reasonCode: 'confirmed_fraud', note: 'ok' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(decideTransaction(t.db, await a.actor(), { transactionId: tx.id, decision: 'decline', reasonCode: 'other', note: PAN_NOTE })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(addTransactionNote(t.db, await a.actor(), { transactionId: tx.id, body: PAN_NOTE, submissionId: randomUUID() })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(addTransactionNote(t.db, await a.actor(), { transactionId: tx.id, body: 'x'.repeat(2001), submissionId: randomUUID() })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await reload(t.db, tx.id)).toEqual(tx);
    expect(await t.db.select().from(transactionNotes).where(eq(transactionNotes.transactionId, tx.id))).toHaveLength(0);
  });

  it('refuses a decision on an item someone else holds (CONFLICT) and on a decided one', async () => {
    const [a, b] = [await staffWithRole(t.db, 'compliance-officer'), await staffWithRole(t.db, 'compliance-officer')];
    const tx = await insertTransaction(t.db);
    await claimTransaction(t.db, await a.actor(), { transactionId: tx.id });
    await expect(decideTransaction(t.db, await b.actor(), { transactionId: tx.id, decision: 'decline', reasonCode: 'other', note: 'mine now' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await insertTransaction(t.db, { status: 'released' });
    await expect(decideTransaction(t.db, await a.actor(), { transactionId: done.id, decision: 'decline', reasonCode: 'other', note: 'late' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await outboxFor(tx.id)).toHaveLength(0);
  });

  it('releases a small amount at once (with webhook); escalation clears the claim', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const small = await insertTransaction(t.db, { amountMinor: 9_999n });
    expect(await decideTransaction(t.db, await a.actor(), { transactionId: small.id, decision: 'release', reasonCode: 'false_positive', note: 'Regular customer' })).toMatchObject({ status: 'released' });
    expect(await outboxFor(small.id)).toHaveLength(1);
    const odd = await insertTransaction(t.db);
    await claimTransaction(t.db, await a.actor(), { transactionId: odd.id });
    await decideTransaction(t.db, await a.actor(), { transactionId: odd.id, decision: 'escalate', reasonCode: 'possible_money_laundering', note: 'Structuring pattern' });
    expect(await reload(t.db, odd.id)).toMatchObject({ status: 'escalated', assigneeId: null, decidedAt: null });
  });

  it('sends a large release for approval instead of releasing, refuses a duplicate request, and the executor releases exactly once', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const big = await insertTransaction(t.db, { amountMinor: 2_500_000n });
    const result = await decideTransaction(t.db, await a.actor(), { transactionId: big.id, decision: 'release', reasonCode: 'customer_verified', note: 'Called the customer' });
    expect(result.outcome).toBe('approval_requested');
    expect((await reload(t.db, big.id)).status).toBe('frozen');
    expect(await outboxFor(big.id)).toHaveLength(0);
    await expect(decideTransaction(t.db, await a.actor(), { transactionId: big.id, decision: 'release', reasonCode: 'customer_verified', note: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const [request] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.actionType, 'transaction.release'));
    expect(request).toMatchObject({ status: 'pending', amountMinor: 2_500_000n, currency: 'EUR', tierIndex: 1 });
    const payload = transactionRelease.payloadSchema.parse(request!.payload);
    const ctx = { requestId: request!.id, requesterId: a.staffId, approverIds: [], executedBy: a.staffId, meta: meta() };
    await t.db.transaction((tx) => transactionRelease.execute(tx, payload, ctx));
    await expect(t.db.transaction((tx) => transactionRelease.execute(tx, payload, ctx))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await reload(t.db, big.id)).status).toBe('released');
    expect(await outboxFor(big.id)).toHaveLength(1);
    expect(await eventsFor(big.id, 'transaction.released')).toHaveLength(1);
  });

  it('puts 50,000.00 or more in the two-ops-approver tier', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const huge = await insertTransaction(t.db, { amountMinor: 5_000_000n });
    const result = await decideTransaction(t.db, await a.actor(), { transactionId: huge.id, decision: 'release', reasonCode: 'known_merchant', note: 'Wholesale order' });
    if (result.outcome !== 'approval_requested') throw new Error('expected an approval request');
    const [request] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, result.approvalRequestId));
    expect(request!.tierIndex).toBe(0);
  });

  it('refuses a release by someone without the release permission (403, nothing changed)', async () => {
    const decliner = await staffWithRole(t.db, { rules: [{ action: ['read', 'review', 'decline'], subject: 'Transaction' }] });
    const tx = await insertTransaction(t.db);
    await expect(decideTransaction(t.db, await decliner.actor(), { transactionId: tx.id, decision: 'release', reasonCode: 'false_positive', note: 'fine' })).rejects.toMatchObject({ status: 403 });
    expect(await reload(t.db, tx.id)).toEqual(tx);
    expect(await t.db.select().from(transactions).where(eq(transactions.id, tx.id))).toHaveLength(1);
  });
});

describe('notes', () => {
  it('stores a note delivered twice (a retry or a resent POST) once, with one audit event, and answers the same id', async () => {
    const a = await staffWithRole(t.db, 'compliance-officer');
    const tx = await insertTransaction(t.db);
    const input = { transactionId: tx.id, body: 'Called the customer, payment confirmed', submissionId: randomUUID() };
    const first = await addTransactionNote(t.db, await a.actor(), input);
    const second = await addTransactionNote(t.db, await a.actor(), input);
    expect(first).toEqual({ id: input.submissionId, replayed: false });
    expect(second).toEqual({ id: input.submissionId, replayed: true });
    expect(await t.db.select().from(transactionNotes).where(eq(transactionNotes.transactionId, tx.id))).toHaveLength(1);
    expect(await eventsFor(tx.id, 'transaction.note_added')).toHaveLength(1);
  });

  it('refuses a reused submission id for a different note or by someone else (CONFLICT), storing nothing more', async () => {
    const [a, b] = [await staffWithRole(t.db, 'compliance-officer'), await staffWithRole(t.db, 'compliance-officer')];
    const tx = await insertTransaction(t.db);
    const submissionId = randomUUID();
    await addTransactionNote(t.db, await a.actor(), { transactionId: tx.id, body: 'First note', submissionId });
    await expect(addTransactionNote(t.db, await a.actor(), { transactionId: tx.id, body: 'Another note', submissionId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addTransactionNote(t.db, await b.actor(), { transactionId: tx.id, body: 'First note', submissionId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addTransactionNote(t.db, await a.actor(), { transactionId: tx.id, body: 'No id' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const notes = await t.db.select().from(transactionNotes).where(eq(transactionNotes.transactionId, tx.id));
    expect(notes.map((n) => n.body)).toEqual(['First note']);
    expect(await eventsFor(tx.id, 'transaction.note_added')).toHaveLength(1);
  });
});
