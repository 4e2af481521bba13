/**
 * Reveal: shows a customer's PII in clear for one transaction the actor may read. Needs the
 * `reveal` permission on that customer's CustomerPII, a typed reason (PAN-guarded) and a
 * passkey confirmation within the last 5 minutes; writes `pii.revealed` (reason included,
 * values never) before returning the plaintext. A tampered ciphertext fails loudly.
 * CustomerPII field rules decide which fields: only those are decrypted, returned and listed
 * in the audit event; a grant that permits none of them is a 403.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { customers } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';
import { asSubject } from '@/lib/permissions/as-subject';
import { permittedFields } from '@/lib/permissions/permitted-fields';
import { z } from '@/lib/zod-setup';
import { auditActor, canOn, selectTransaction, ZTransactionId } from './load-transaction';
import { decryptCustomer, PII_FIELD_NAMES, type TPiiField } from './masked-customer';

export const ZRevealInput = z.strictObject({
  transactionId: ZTransactionId,
  reason: ZPanSafeText(500, { min: 10, label: 'reason' }),
});

/** Only the fields actually revealed (permitted and stored). */
export type TRevealed = Partial<Record<TPiiField, string>>;

export async function revealCustomerPii(db: TDb, actor: TActor, raw: unknown): Promise<TRevealed> {
  const parsed = ZRevealInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { transactionId, reason } = parsed.data;
  const row = await selectTransaction(db, transactionId);
  if (!row || !canOn(actor, 'read', row)) throw await denyAccess(db, actor, { action: 'read', subject: 'Transaction', targetId: transactionId, noun: 'transaction' }, 'NOT_FOUND');
  const [customer] = await db.select().from(customers).where(eq(customers.id, row.customerId));
  if (!customer) throw new AppError('NOT_FOUND', 'This transaction has no stored customer.');
  const record = { customerId: customer.id, region: customer.region };
  // can() alone says yes for a grant limited to fields, even fields that are all denied again
  const permitted = permittedFields(actor.ability, 'reveal', 'CustomerPII', PII_FIELD_NAMES, record) as TPiiField[];
  if (!actor.ability.can('reveal', asSubject('CustomerPII', record)) || permitted.length === 0) {
    throw await denyAccess(db, actor, { action: 'reveal', subject: 'CustomerPII', targetId: customer.id });
  }
  requireRecentPasskey(actor);
  const plain = decryptCustomer(customer, permitted);
  const fields = permitted.filter((f) => plain[f] !== undefined);
  if (fields.length === 0) throw new AppError('NOT_FOUND', 'None of the personal data you may reveal is stored for this customer.');
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      ...auditActor(actor),
      action: 'pii.revealed',
      target: { type: 'customer', id: customer.id },
      result: 'success',
      reason,
      data: { customerId: customer.id, transactionId: row.id, fields },
    }),
  );
  return plain;
}
