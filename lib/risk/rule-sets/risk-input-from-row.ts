/**
 * Rebuilds the risk engine's input for a stored transaction (backtests): the same history
 * query ingest uses, as of the transaction's own time, plus the customer's reference and
 * email domain (decrypted in memory only, never returned).
 */
import 'server-only';
import { inArray } from 'drizzle-orm';
import { customers, type transactions } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { decryptField } from '@/lib/crypto/encrypt-field';
import { loadCustomerHistory } from '@/lib/transactions/customer-history';
import type { TRiskInput } from '../types';

type TTxRow = typeof transactions.$inferSelect;
type TCustomerFacts = { externalRef: string; emailDomain: string | null };

export async function loadCustomerFacts(db: TDbOrTx, customerIds: string[]): Promise<Map<string, TCustomerFacts>> {
  const facts = new Map<string, TCustomerFacts>();
  if (customerIds.length === 0) return facts;
  const rows = await db
    .select({ id: customers.id, externalRef: customers.externalRef, emailEnc: customers.emailEnc })
    .from(customers)
    .where(inArray(customers.id, [...new Set(customerIds)]));
  for (const r of rows) {
    let emailDomain: string | null = null;
    if (r.emailEnc) {
      const email = decryptField({ envelope: r.emailEnc, table: 'customers', column: 'email_enc', rowId: r.id });
      emailDomain = email.slice(email.lastIndexOf('@') + 1).toLowerCase() || null;
    }
    facts.set(r.id, { externalRef: r.externalRef, emailDomain });
  }
  return facts;
}

export async function riskInputFromRow(db: TDbOrTx, row: TTxRow, customer: TCustomerFacts | undefined): Promise<TRiskInput> {
  const history = await loadCustomerHistory(db, {
    customerId: row.customerId,
    currency: row.currency,
    occurredAt: row.occurredAt,
    deviceFingerprint: row.deviceFingerprint,
    deviceId: row.deviceId,
  });
  return {
    transaction: {
      amountMinor: row.amountMinor,
      currency: row.currency,
      occurredAt: row.occurredAt,
      merchantCategoryCode: row.merchantCategoryCode,
      merchantCountry: row.merchantCountry,
      cardBin: row.cardBin,
      customerRef: customer?.externalRef ?? '',
      emailDomain: customer?.emailDomain ?? null,
      geoCountry: row.geoCountry,
      geoLat: row.geoLat,
      geoLon: row.geoLon,
      deviceFingerprint: row.deviceFingerprint,
      deviceId: row.deviceId,
      ip: row.ip,
    },
    history,
  };
}
