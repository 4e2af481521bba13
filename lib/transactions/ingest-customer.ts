/**
 * Finds or creates the customer of an ingested transaction by the payment core's reference,
 * encrypting any personal data sent with it (AES-256-GCM, AAD = customers/column/row id) and
 * keeping blind indexes of email and phone. Plaintext PII never reaches the database.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { customers } from '@/db/schema';
import type { TTx } from '@/db/types';
import { blindIndex, encryptOptionalField } from '@/lib/crypto';
import type { TIngestTransaction } from './schemas';

export type TCustomerInput = TIngestTransaction['customer'];

export function encryptedColumns(id: string, c: TCustomerInput) {
  const enc = (column: string, plaintext: string | undefined) => encryptOptionalField({ table: 'customers', column, rowId: id, plaintext });
  const cols = {
    nameEnc: enc('name_enc', c.name),
    emailEnc: enc('email_enc', c.email),
    phoneEnc: enc('phone_enc', c.phone),
    addressEnc: enc('address_enc', c.address),
    dateOfBirthEnc: enc('date_of_birth_enc', c.dateOfBirth),
    emailBlindIndex: c.email ? blindIndex('email', c.email) : null,
    phoneBlindIndex: c.phone ? blindIndex('phone', c.phone) : null,
  };
  // Only the fields that were sent: an absent field never erases what is stored.
  return Object.fromEntries(Object.entries(cols).filter(([, v]) => v !== null)) as Partial<typeof cols>;
}

export function hasPii(c: TCustomerInput): boolean {
  return Boolean(c.name || c.email || c.phone || c.address || c.dateOfBirth);
}

export type TStoredCustomer = { id: string; emailBlindIndex: string | null; phoneBlindIndex: string | null; hasName: boolean; hasAddress: boolean; hasDob: boolean };

/**
 * Which sent fields to (re)write for an existing customer: a field stored for the first time,
 * or an email/phone whose blind index changed. Re-encrypting unchanged PII on every payment
 * would cost five encryptions and a row write per transaction for nothing.
 */
export function changedPii(stored: TStoredCustomer, c: TCustomerInput): TCustomerInput {
  const out: TCustomerInput = { reference: c.reference };
  if (c.email && blindIndex('email', c.email) !== stored.emailBlindIndex) out.email = c.email;
  if (c.phone && blindIndex('phone', c.phone) !== stored.phoneBlindIndex) out.phone = c.phone;
  if (c.name && !stored.hasName) out.name = c.name;
  if (c.address && !stored.hasAddress) out.address = c.address;
  if (c.dateOfBirth && !stored.hasDob) out.dateOfBirth = c.dateOfBirth;
  return out;
}

/** The columns changedPii needs (presence of ciphertexts, never the ciphertexts). */
export const STORED_CUSTOMER = {
  id: customers.id,
  emailBlindIndex: customers.emailBlindIndex,
  phoneBlindIndex: customers.phoneBlindIndex,
  hasName: sql<boolean>`${customers.nameEnc} is not null`,
  hasAddress: sql<boolean>`${customers.addressEnc} is not null`,
  hasDob: sql<boolean>`${customers.dateOfBirthEnc} is not null`,
};

/** Writes the PII fields that changed for an existing customer (none on most payments). */
export async function updateChangedPii(tx: TTx, existing: TStoredCustomer, c: TCustomerInput): Promise<void> {
  const changed = changedPii(existing, c);
  if (hasPii(changed)) {
    await tx.update(customers).set({ ...encryptedColumns(existing.id, changed), updatedAt: new Date() }).where(eq(customers.id, existing.id));
  }
}

export async function upsertIngestCustomer(tx: TTx, c: TCustomerInput, region: string): Promise<{ id: string; isNew: boolean }> {
  const [existing] = await tx
    .select(STORED_CUSTOMER)
    .from(customers)
    .where(eq(customers.externalRef, c.reference))
    .limit(1);
  if (existing) {
    await updateChangedPii(tx, existing, c);
    return { id: existing.id, isNew: false };
  }
  const id = randomUUID();
  const [inserted] = await tx
    .insert(customers)
    .values({ id, externalRef: c.reference, region, ...encryptedColumns(id, c) })
    .onConflictDoNothing({ target: customers.externalRef })
    .returning({ id: customers.id });
  if (inserted) return { id: inserted.id, isNew: true };
  // Created by a concurrent ingest between our SELECT and INSERT: use theirs.
  return upsertIngestCustomer(tx, c, region);
}
