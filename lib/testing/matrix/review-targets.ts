/** Matrix fixtures for the review queue (plain inserts, like targets.ts): transactions with an encrypted customer. */
import { randomUUID } from 'node:crypto';
import { customers, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { encryptField } from '@/lib/crypto';

/** A frozen transaction; `holder` claims it (in review) when given. */
export async function frozenTransaction(db: TDb, holder: string | null = null): Promise<string> {
  const customerId = randomUUID();
  await db.insert(customers).values({
    id: customerId,
    externalRef: `matrix-cust-${customerId}`,
    region: 'EU',
    emailEnc: encryptField({ table: 'customers', column: 'email_enc', rowId: customerId, plaintext: 'matrix@example.test' }),
  });
  const [row] = await db
    .insert(transactions)
    .values({
      externalId: `matrix-${randomUUID()}`,
      customerId,
      amountMinor: 4_200n,
      currency: 'EUR',
      occurredAt: new Date(),
      merchantName: 'Matrix Merchant',
      merchantCategoryCode: '5942',
      merchantCountry: 'FR',
      paymentToken: 'tok_matrix',
      cardBin: '411111',
      cardLast4: '1111',
      cardBrand: 'visa',
      cardExpiryMonth: 12,
      cardExpiryYear: 2030,
      channel: 'ecommerce',
      riskScore: 50,
      riskLevel: 'medium',
      decision: 'review',
      ruleSetVersion: 'v1',
      status: holder ? 'in_review' : 'frozen',
      assigneeId: holder,
      region: 'EU',
    })
    .returning({ id: transactions.id });
  return row!.id;
}
