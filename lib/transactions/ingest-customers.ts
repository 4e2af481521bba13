/**
 * The batch form of upsertIngestCustomer (ingest-customer.ts) for the group-commit ingest: one
 * SELECT for every customer reference of the batch, changed PII written per existing customer
 * (rare), and one INSERT of the new ones with their PII encrypted exactly as on the single path
 * (prepared statements with the batch as one jsonb parameter: ingest-statements.ts). The batcher guarantees one item per customer reference in a batch.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { TTx } from '@/db/types';
import { encryptedColumns, updateChangedPii, type TCustomerInput, type TStoredCustomer } from './ingest-customer';
import { INSERT_CUSTOMERS, NEW_CUSTOMER_COLUMNS, runIngestStatement, STORED_CUSTOMERS } from './ingest-statements';

/** Thrown when another writer got between two statements of a batch (a customer, key or externalId appeared): the batch reruns item by item. */
export class IngestBatchRace extends Error {}

export type TStoredCustomers = Map<string, TStoredCustomer>;

/** The stored customers of these references, by reference (one statement). */
export async function selectStoredCustomers(tx: TTx, refs: string[]): Promise<TStoredCustomers> {
  type TRow = { id: string; email_blind_index: string | null; phone_blind_index: string | null; has_name: boolean; has_address: boolean; has_dob: boolean; external_ref: string };
  const rows = await runIngestStatement<TRow>(tx, STORED_CUSTOMERS, [JSON.stringify(refs)]);
  return new Map(
    rows.map((r) => [
      r.external_ref,
      { id: r.id, emailBlindIndex: r.email_blind_index, phoneBlindIndex: r.phone_blind_index, hasName: r.has_name, hasAddress: r.has_address, hasDob: r.has_dob },
    ]),
  );
}

/** Customer id per input, in input order: existing ones get their changed PII written, new ones one INSERT. */
export async function upsertIngestCustomers(tx: TTx, list: { customer: TCustomerInput; region: string }[], stored: TStoredCustomers): Promise<string[]> {
  const ids: string[] = new Array(list.length);
  const fresh: Record<(typeof NEW_CUSTOMER_COLUMNS)[number], string | null>[] = [];
  const writes: Promise<void>[] = [];
  for (const [i, { customer, region }] of list.entries()) {
    const existing = stored.get(customer.reference);
    if (existing) {
      writes.push(updateChangedPii(tx, existing, customer));
      ids[i] = existing.id;
    } else {
      const id = randomUUID();
      ids[i] = id;
      fresh.push(newCustomerRow(id, customer, region));
    }
  }
  fresh.sort((a, b) => (a.external_ref! < b.external_ref! ? -1 : 1)); // same lock order in every instance's batches
  const inserting = fresh.length > 0 ? runIngestStatement<{ id: string }>(tx, INSERT_CUSTOMERS, [JSON.stringify(fresh)]) : Promise.resolve([]);
  // Issued together: postgres.js pipelines them on the transaction's connection.
  const [inserted] = await Promise.all([inserting, ...writes]);
  if (inserted.length !== fresh.length) throw new IngestBatchRace('a customer of the batch was created concurrently');
  return ids;
}

/** A new customer's row for INSERT_CUSTOMERS: PII encrypted as on the single path, a field not sent is NULL. */
export function newCustomerRow(id: string, customer: TCustomerInput, region: string): Record<(typeof NEW_CUSTOMER_COLUMNS)[number], string | null> {
  const enc = encryptedColumns(id, customer);
  return {
    id,
    external_ref: customer.reference,
    region,
    name_enc: enc.nameEnc ?? null,
    email_enc: enc.emailEnc ?? null,
    phone_enc: enc.phoneEnc ?? null,
    address_enc: enc.addressEnc ?? null,
    date_of_birth_enc: enc.dateOfBirthEnc ?? null,
    email_blind_index: enc.emailBlindIndex ?? null,
    phone_blind_index: enc.phoneBlindIndex ?? null,
  };
}
