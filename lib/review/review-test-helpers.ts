/**
 * Test factories for the review queue: staff holding a role (with a fresh session, so step-up
 * is satisfied) and frozen transactions with encrypted customers. Plain inserts: the tests need
 * exact statuses, levels and receipt times that the ingest path would not produce on demand.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { customers, roles, staff, staffRoles, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createSession } from '@/lib/auth/sessions';
import { encryptField } from '@/lib/crypto';
import { actorFor, meta } from '@/lib/testing/auth-factories';

let n = 0;

export async function staffWithRole(db: TDb, roleKeyOrRules: string | { rules: unknown[] }, opts: { region?: string } = {}) {
  n += 1;
  let roleId: string;
  if (typeof roleKeyOrRules === 'string') {
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, roleKeyOrRules));
    roleId = role!.id;
  } else {
    const key = `custom-${randomUUID().slice(0, 8)}`;
    const [role] = await db.insert(roles).values({ key, name: key, rules: roleKeyOrRules.rules as never }).returning({ id: roles.id });
    roleId = role!.id;
  }
  const [person] = await db.insert(staff).values({ name: `Reviewer ${n}`, email: `reviewer-${n}-${randomUUID().slice(0, 6)}@example.test`, region: opts.region ?? null }).returning({ id: staff.id });
  await db.insert(staffRoles).values({ staffId: person!.id, roleId });
  const session = await createSession(db, { staffId: person!.id, passkeyId: null, meta: meta() });
  return { staffId: person!.id, sessionId: session.id, actor: () => actorFor(db, session.id) };
}

export type TFrozenInput = Partial<typeof transactions.$inferInsert> & { customerName?: string; email?: string };

export async function insertCustomer(db: TDb, opts: { name?: string; email?: string; region?: string } = {}): Promise<string> {
  const id = randomUUID();
  await db.insert(customers).values({
    id,
    externalRef: `cust-${id.slice(0, 8)}`,
    region: opts.region ?? 'EU',
    nameEnc: encryptField({ table: 'customers', column: 'name_enc', rowId: id, plaintext: opts.name ?? 'Jane Q. Doe' }),
    emailEnc: encryptField({ table: 'customers', column: 'email_enc', rowId: id, plaintext: opts.email ?? 'jane@example.com' }),
  });
  return id;
}

/** A transaction waiting for review (frozen, medium) unless overridden. */
export async function insertTransaction(db: TDb, o: TFrozenInput = {}): Promise<typeof transactions.$inferSelect> {
  n += 1;
  const customerId = o.customerId ?? (await insertCustomer(db, { name: o.customerName, email: o.email }));
  const [row] = await db
    .insert(transactions)
    .values({
      externalId: `tx-${n}-${randomUUID().slice(0, 8)}`,
      customerId,
      amountMinor: 12_500n,
      currency: 'EUR',
      occurredAt: new Date(Date.now() - 60_000),
      receivedAt: new Date(Date.now() - 30_000),
      merchantName: 'Corner Books',
      merchantCategoryCode: '5942',
      merchantCountry: 'FR',
      paymentToken: 'tok_test',
      cardBin: '411111',
      cardLast4: '1111',
      cardBrand: 'visa',
      cardExpiryMonth: 12,
      cardExpiryYear: 2030,
      channel: 'ecommerce',
      deviceId: 'dev-1',
      ip: '203.0.113.10',
      geoCountry: 'FR',
      riskScore: 55,
      riskLevel: 'medium',
      decision: 'review',
      factors: [{ code: 'amount.unusual', weight: 30, explanation: 'Five times the customer’s usual amount' }],
      ruleSetVersion: 'v1',
      status: 'frozen',
      region: 'EU',
      ...o,
    })
    .returning();
  return row!;
}

export async function reload(db: TDb, id: string) {
  const [row] = await db.select().from(transactions).where(eq(transactions.id, id));
  return row!;
}
