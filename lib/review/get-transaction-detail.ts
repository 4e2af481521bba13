/**
 * Everything the detail page shows about one transaction the actor may read: the payment,
 * the masked customer (decrypted on the server only to mask it), the card as BIN •••• last4,
 * risk factors with their explanations, the customer's recent transactions and usual
 * countries/devices (in SQL, scoped by the same read rules), device/IP/place, and notes.
 * Reference, merchant name and card go through the same Transaction field rules as the queue
 * (masked per record, history rows included), so the page never shows what the queue hides.
 */
import 'server-only';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { customers, staff, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { env } from '@/lib/env';
import { permittedFields } from '@/lib/permissions/permitted-fields';
import { ingestAuditChain } from '@/lib/transactions/ingest-rows';
import { notesOf, type TNote } from './add-transaction-note';
import { canOn, selectTransaction, type TTransactionRow, ZTransactionId } from './load-transaction';
import { maskedCustomer, PII_FIELD_NAMES, type TMaskedCustomer } from './masked-customer';
import { permittedTransactions, RECORD_SELECT } from './queue-sql';
import { hasFieldRules, MASKED, transactionMasker } from './review-item';
import { slaOf, type TSla } from './sla';

export type TRiskFactorView = { code: string; weight: number | null; explanation: string };
export type THistoryItem = { id: string; occurredAt: Date; amountMinor: string; currency: string; merchantName: string; country: string; status: string };

export type TTransactionDetail = {
  /** The row with externalId, merchantName, cardBin and cardLast4 masked where field rules withhold them. */
  row: typeof transactions.$inferSelect;
  card: string;
  /** The ingest chain holding this transaction's ingest event (from the real reference, which may be masked in `row`). */
  ingestChain: string;
  assigneeName: string | null;
  factors: TRiskFactorView[];
  customer: TMaskedCustomer;
  history: { recent: THistoryItem[]; countries: { country: string; count: number }[]; devices: { device: string; count: number }[] };
  notes: TNote[];
  sla: TSla;
  can: { review: boolean; assign: boolean; release: boolean; decline: boolean; escalate: boolean; reveal: boolean };
};

function factorsOf(raw: unknown): TRiskFactorView[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((f) => {
    if (!f || typeof f !== 'object') return [];
    const o = f as Record<string, unknown>;
    if (typeof o.code !== 'string') return [];
    return [{ code: o.code, weight: typeof o.weight === 'number' ? o.weight : null, explanation: typeof o.explanation === 'string' ? o.explanation : '' }];
  });
}

async function historyOf(db: TDb, actor: TActor, row: { id: string; customerId: string }): Promise<TTransactionDetail['history']> {
  const scope = and(eq(transactions.customerId, row.customerId), permittedTransactions(actor));
  const [recent, countries, devices] = await Promise.all([
    db
      // RECORD_SELECT: each row's field rules are checked against its own record
      .select({ ...RECORD_SELECT, occurredAt: transactions.occurredAt, merchantName: transactions.merchantName, country: sql<string>`coalesce(${transactions.geoCountry}, ${transactions.merchantCountry})` })
      .from(transactions)
      .where(and(scope, ne(transactions.id, row.id)))
      .orderBy(desc(transactions.occurredAt))
      .limit(10),
    db
      .select({ country: sql<string>`coalesce(${transactions.geoCountry}, ${transactions.merchantCountry})`, count: sql<number>`count(*)::int` })
      .from(transactions)
      .where(scope)
      .groupBy(sql`1`)
      .orderBy(desc(sql`2`))
      .limit(5),
    db
      .select({ device: sql<string>`${transactions.deviceId}`, count: sql<number>`count(*)::int` })
      .from(transactions)
      .where(and(scope, sql`${transactions.deviceId} is not null`))
      .groupBy(transactions.deviceId)
      .orderBy(desc(sql`2`))
      .limit(5),
  ]);
  const fieldRules = hasFieldRules(actor);
  const items = recent.map((h) => ({
    id: h.id, occurredAt: h.occurredAt, amountMinor: h.amountMinor.toString(), currency: h.currency,
    merchantName: transactionMasker(actor, h, fieldRules)('merchantName', h.merchantName), country: h.country, status: h.status,
  }));
  return { recent: items, countries, devices };
}

/** The row as the actor may see it: the queue's masked fields masked here too (the BIN goes with the last four). */
function maskedRow(actor: TActor, row: TTransactionRow): TTransactionRow {
  const mask = transactionMasker(actor, row);
  const cardShown = mask('cardLast4', row.cardLast4) !== MASKED;
  return { ...row, externalId: mask('reference', row.externalId), merchantName: mask('merchantName', row.merchantName), cardBin: cardShown ? row.cardBin : MASKED, cardLast4: cardShown ? row.cardLast4 : MASKED };
}

export async function getTransactionDetail(db: TDb, actor: TActor, rawId: unknown, now = new Date()): Promise<TTransactionDetail> {
  const parsed = ZTransactionId.safeParse(rawId);
  const row = parsed.success ? await selectTransaction(db, parsed.data) : undefined;
  if (!row || !canOn(actor, 'read', row)) {
    throw await denyAccess(db, actor, { action: 'read', subject: 'Transaction', targetId: parsed.success ? parsed.data : undefined, noun: 'transaction' }, 'NOT_FOUND');
  }
  const [[customer], [assignee], history, notes] = await Promise.all([
    db.select().from(customers).where(eq(customers.id, row.customerId)),
    row.assigneeId ? db.select({ name: staff.name }).from(staff).where(eq(staff.id, row.assigneeId)) : Promise.resolve([]),
    historyOf(db, actor, row),
    notesOf(db, row.id),
  ]);
  const revealSubject = { customerId: row.customerId, region: customer?.region ?? null };
  const shown = maskedRow(actor, row);
  return {
    row: shown,
    card: `${shown.cardBin} •••• ${shown.cardLast4}`,
    ingestChain: ingestAuditChain(row.externalId),
    assigneeName: assignee?.name ?? null,
    factors: factorsOf(row.factors),
    customer: maskedCustomer(customer),
    history,
    notes,
    sla: slaOf({ receivedAt: row.receivedAt, riskLevel: row.riskLevel, status: row.status }, env().review.slaMinutes, now),
    can: {
      review: canOn(actor, 'review', row),
      assign: canOn(actor, 'assign', row),
      release: canOn(actor, 'release', row),
      decline: canOn(actor, 'decline', row),
      escalate: canOn(actor, 'escalate', row),
      // the same test revealCustomerPii applies: at least one PII field may be revealed on this customer
      reveal: permittedFields(actor.ability, 'reveal', 'CustomerPII', PII_FIELD_NAMES, revealSubject).length > 0,
    },
  };
}
