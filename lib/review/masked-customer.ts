/**
 * The customer as staff see them before a reveal: every PII field decrypted on the server only
 * to be masked (lib/crypto), so no plaintext leaves this module. A field that fails to decrypt
 * (tampered or unknown key) shows as unavailable rather than breaking the page.
 */
import 'server-only';
import { customers } from '@/db/schema';
import { decryptField } from '@/lib/crypto';
import { maskAddress, maskDateOfBirth, maskEmail, maskName, maskPhone } from '@/lib/crypto/mask-pii';
import { logger } from '@/lib/log/logger';

export const PII_FIELDS = {
  name: { column: 'name_enc', key: 'nameEnc', mask: maskName },
  email: { column: 'email_enc', key: 'emailEnc', mask: maskEmail },
  phone: { column: 'phone_enc', key: 'phoneEnc', mask: maskPhone },
  address: { column: 'address_enc', key: 'addressEnc', mask: maskAddress },
  dateOfBirth: { column: 'date_of_birth_enc', key: 'dateOfBirthEnc', mask: maskDateOfBirth },
} as const;
export type TPiiField = keyof typeof PII_FIELDS;
export const PII_FIELD_NAMES = Object.keys(PII_FIELDS) as TPiiField[];

type TCustomerRow = typeof customers.$inferSelect;
export type TMaskedCustomer = { id: string | null; reference: string | null; region: string | null; fields: Record<TPiiField, string | null> };

/** Plaintext of each of `fields` that is present (absent ones left out); throws CryptoError on tampering. */
export function decryptCustomer(row: TCustomerRow, fields: readonly TPiiField[] = PII_FIELD_NAMES): Partial<Record<TPiiField, string>> {
  const out: Partial<Record<TPiiField, string>> = {};
  for (const field of fields) {
    const spec = PII_FIELDS[field];
    const envelope = row[spec.key];
    if (envelope) out[field] = decryptField({ table: 'customers', column: spec.column, rowId: row.id, envelope });
  }
  return out;
}

export function maskedCustomer(row: TCustomerRow | undefined): TMaskedCustomer {
  const fields = { name: null, email: null, phone: null, address: null, dateOfBirth: null } as Record<TPiiField, string | null>;
  if (!row) return { id: null, reference: null, region: null, fields };
  for (const field of PII_FIELD_NAMES) {
    const spec = PII_FIELDS[field];
    const envelope = row[spec.key];
    if (!envelope) continue;
    try {
      fields[field] = spec.mask(decryptField({ table: 'customers', column: spec.column, rowId: row.id, envelope }));
    } catch (e) {
      logger().warn({ customerId: row.id, field, err: e instanceof Error ? e.name : 'error' }, 'customer field could not be decrypted for masking');
      fields[field] = 'unavailable';
    }
  }
  return { id: row.id, reference: row.externalRef, region: row.region, fields };
}
