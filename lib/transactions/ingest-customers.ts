/**
 * The batch form of upsertIngestCustomer (ingest-customer.ts) for the group-commit ingest: one
 * SELECT for every customer reference of the batch, changed PII written per existing customer
 * (rare), and one multi-row INSERT of the new ones with their PII encrypted exactly as on the
 * single path. The batcher guarantees one item per customer reference in a batch.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { customers } from '@/db/schema';
import type { TTx } from '@/db/types';
import { encryptedColumns, STORED_CUSTOMER, updateChangedPii, type TCustomerInput } from './ingest-customer';

/** Thrown when another writer created one of the batch's customers between our SELECT and INSERT: the batch reruns item by item. */
export class IngestBatchRace extends Error {}

/** Customer id per input, in input order. */
export async function upsertIngestCustomers(tx: TTx, list: { customer: TCustomerInput; region: string }[]): Promise<string[]> {
  const refs = list.map((x) => x.customer.reference);
  const stored = await tx
    .select({ ...STORED_CUSTOMER, ref: customers.externalRef })
    .from(customers)
    .where(inArray(customers.externalRef, refs));
  const byRef = new Map(stored.map((s) => [s.ref, s]));
  const ids: string[] = new Array(list.length);
  const fresh: (typeof customers.$inferInsert)[] = [];
  for (const [i, { customer, region }] of list.entries()) {
    const existing = byRef.get(customer.reference);
    if (existing) {
      await updateChangedPii(tx, existing, customer);
      ids[i] = existing.id;
    } else {
      const id = randomUUID();
      ids[i] = id;
      fresh.push({ id, externalRef: customer.reference, region, ...encryptedColumns(id, customer) });
    }
  }
  if (fresh.length > 0) {
    const inserted = await tx.insert(customers).values(fresh).onConflictDoNothing({ target: customers.externalRef }).returning({ id: customers.id });
    if (inserted.length !== fresh.length) throw new IngestBatchRace('a customer of the batch was created concurrently');
  }
  return ids;
}
