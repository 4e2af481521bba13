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
import { encryptedColumns, STORED_CUSTOMER, updateChangedPii, type TCustomerInput, type TStoredCustomer } from './ingest-customer';

/** Thrown when another writer got between two statements of a batch (a customer, key or externalId appeared): the batch reruns item by item. */
export class IngestBatchRace extends Error {}

export type TStoredCustomers = Map<string, TStoredCustomer>;

/** The stored customers of these references, by reference (one statement). */
export async function selectStoredCustomers(tx: TTx, refs: string[]): Promise<TStoredCustomers> {
  const rows = await tx
    .select({ ...STORED_CUSTOMER, ref: customers.externalRef })
    .from(customers)
    .where(inArray(customers.externalRef, refs));
  return new Map(rows.map((r) => [r.ref, r]));
}

/** Customer id per input, in input order: existing ones get their changed PII written, new ones one INSERT. */
export async function upsertIngestCustomers(tx: TTx, list: { customer: TCustomerInput; region: string }[], stored: TStoredCustomers): Promise<string[]> {
  const ids: string[] = new Array(list.length);
  const fresh: (typeof customers.$inferInsert)[] = [];
  const writes: Promise<void>[] = [];
  for (const [i, { customer, region }] of list.entries()) {
    const existing = stored.get(customer.reference);
    if (existing) {
      writes.push(updateChangedPii(tx, existing, customer));
      ids[i] = existing.id;
    } else {
      const id = randomUUID();
      ids[i] = id;
      fresh.push({ id, externalRef: customer.reference, region, ...encryptedColumns(id, customer) });
    }
  }
  fresh.sort((a, b) => (a.externalRef < b.externalRef ? -1 : 1)); // same lock order in every instance's batches
  const inserting = fresh.length > 0 ? tx.insert(customers).values(fresh).onConflictDoNothing({ target: customers.externalRef }).returning({ id: customers.id }) : Promise.resolve([]);
  // Issued together: postgres.js pipelines them on the transaction's connection.
  const [inserted] = await Promise.all([inserting, ...writes]);
  if (inserted.length !== fresh.length) throw new IngestBatchRace('a customer of the batch was created concurrently');
  return ids;
}
