import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customers } from '@/db/schema';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { CryptoError } from './crypto-error';
import { decryptField, encryptField } from './encrypt-field';
import { envelopeKeyId } from './envelope';
import { countStaleRows, rotatePiiKeys } from './rotate-keys';
import { ENCRYPTED_TABLES } from './pii-columns';
import { testKeyring } from './test-keyring';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

const v1 = testKeyring(['v1']);
const v2 = testKeyring(['v1', 'v2']);
const CUSTOMERS = ENCRYPTED_TABLES.filter((x) => x.table === 'customers');
const enc = (id: string, column: string, plaintext: string) => encryptField({ table: 'customers', column, rowId: id, plaintext }, v1);

async function seedCustomers(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await t.db.insert(customers).values(
    ids.map((id, i) => ({
      id,
      externalRef: `rot-${id}`,
      nameEnc: enc(id, 'name_enc', `Customer ${i}`),
      emailEnc: enc(id, 'email_enc', `c${i}@example.com`),
      // Every third customer has no phone: null stays null.
      phoneEnc: i % 3 === 0 ? null : enc(id, 'phone_enc', `+4420794600${String(i).padStart(2, '0')}`),
    })),
  );
  return ids;
}

async function lastRotationData(): Promise<Record<string, unknown> | null> {
  const [row] = await t.db.select({ data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.action, 'pii.keys_rotated')).orderBy(desc(auditEvents.seq)).limit(1);
  return (row?.data as Record<string, unknown> | null) ?? null;
}

describe('npm run keys:rotate (rotatePiiKeys)', () => {
  it('resumes after an interruption and leaves every field on the new key, decrypting to the same value', async () => {
    const ids = await seedCustomers(25);
    expect(await countStaleRows(t.db, CUSTOMERS[0]!, v2)).toBe(25);
    let batches = 0;
    const crash = rotatePiiKeys(t.db, {
      keyring: v2, batchSize: 10, tables: CUSTOMERS,
      onBatch: () => {
        batches += 1;
        if (batches === 2) throw new Error('simulated crash');
      },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    // Two committed batches survive the crash; the rest is still on v1.
    expect(await countStaleRows(t.db, CUSTOMERS[0]!, v2)).toBe(5);
    const progress: number[] = [];
    const resumed = await rotatePiiKeys(t.db, { keyring: v2, batchSize: 10, tables: CUSTOMERS, onBatch: (p) => void progress.push(p.done) });
    expect(resumed.rows).toBe(5);
    expect(progress).toEqual([5]);
    expect(await countStaleRows(t.db, CUSTOMERS[0]!, v2)).toBe(0);
    const rows = await t.db.select().from(customers);
    for (const [i, id] of ids.entries()) {
      const row = rows.find((r) => r.id === id)!;
      expect(envelopeKeyId(row.nameEnc!)).toBe('v2');
      expect(envelopeKeyId(row.emailEnc!)).toBe('v2');
      expect(decryptField({ table: 'customers', column: 'email_enc', rowId: id, envelope: row.emailEnc! }, testKeyring(['v2']))).toBe(`c${i}@example.com`);
      if (i % 3 === 0) expect(row.phoneEnc).toBeNull();
      else expect(decryptField({ table: 'customers', column: 'phone_enc', rowId: id, envelope: row.phoneEnc! }, testKeyring(['v2']))).toMatch(/^\+44/);
    }
    expect(await auditCount(t.db, 'pii.keys_rotated')).toBe(1);
  });

  it('a second run is a no-op', async () => {
    const before = await t.db.select().from(customers);
    expect(await rotatePiiKeys(t.db, { keyring: v2, tables: CUSTOMERS })).toMatchObject({ rows: 0, fields: 0 });
    expect(await t.db.select().from(customers)).toEqual(before);
  });

  it('records complete: true with remaining 0 when every row is on the active key', async () => {
    await seedCustomers(3);
    expect(await rotatePiiKeys(t.db, { keyring: v2, tables: CUSTOMERS })).toMatchObject({ rows: 3, remaining: 0 });
    expect(await lastRotationData()).toMatchObject({ rows: 3, complete: true, remaining: 0 });
  });

  it('records complete: false with the remaining count when old-key rows are left (written during the run)', async () => {
    await seedCustomers(3);
    // An instance still on the old key writes while the rotation runs (rolling deploy).
    const result = await rotatePiiKeys(t.db, { keyring: v2, batchSize: 10, tables: CUSTOMERS, onBatch: async () => void (await seedCustomers(2)) });
    expect(result).toMatchObject({ rows: 3, remaining: 2 });
    expect(await lastRotationData()).toMatchObject({ rows: 3, complete: false, remaining: 2 });
    await rotatePiiKeys(t.db, { keyring: v2, tables: CUSTOMERS });
    expect(await lastRotationData()).toMatchObject({ rows: 2, complete: true, remaining: 0 });
  });

  it('stops loudly on a tampered field and leaves that row untouched', async () => {
    const [id] = await seedCustomers(1);
    const [row] = await t.db.select().from(customers).where(eq(customers.id, id!));
    // Move the email ciphertext to another row id: AAD no longer matches.
    const moved = enc(randomUUID(), 'email_enc', 'x@example.com');
    await t.db.update(customers).set({ emailEnc: moved }).where(eq(customers.id, id!));
    await expect(rotatePiiKeys(t.db, { keyring: v2, tables: CUSTOMERS })).rejects.toBeInstanceOf(CryptoError);
    const [after] = await t.db.select().from(customers).where(eq(customers.id, id!));
    expect(after?.nameEnc).toBe(row?.nameEnc);
    expect(after?.emailEnc).toBe(moved);
  });
});
