import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { customers, idempotencyKeys, transactions } from '@/db/schema';
import { blindIndex, decryptField } from '@/lib/crypto';
import type { TTx } from '@/db/types';
import { runIngestBatch } from './ingest-batch';
import { encryptedColumns, STORED_CUSTOMER } from './ingest-customer';
import { newCustomerRow, selectStoredCustomers } from './ingest-customers';
import { requestHash } from './ingest-idempotency';
import { ingestSingleItem } from './ingest-single';
import { CLAIM_KEYS, INSERT_CUSTOMERS, KNOWN_EXTERNAL_IDS, runIngestStatement } from './ingest-statements';
import { validBody } from './ingest-test-helpers';
import { setUpIngestTestDb } from './ingest-test-context';
import { ZIngestTransaction } from './schemas';

const ctx = setUpIngestTestDb();

/** Rolls back whatever `work` wrote and returns what it returned. */
async function rolledBack<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await ctx.t.db
    .transaction(async (tx) => {
      out = await work(tx);
      throw new RolledBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RolledBack)) throw e;
    });
  return out as T;
}
class RolledBack extends Error {}

const meta = { requestId: 'req-statements-test', ip: '203.0.113.9', userAgent: 'vitest' };

describe('ingest prepared statements: same rows and answers as the query builder they replace', () => {
  it('claims only the new keys, storing the row the builder stored', async () => {
    await ctx.t.db.insert(idempotencyKeys).values({ tokenId: ctx.token.id, key: 'stmt-taken', requestHash: 'h-taken' });
    const claims = [
      { t: ctx.token.id, k: 'stmt-a', h: 'h-a' },
      { t: ctx.token.id, k: 'stmt-taken', h: 'h-other' },
      { t: ctx.token.id, k: 'stmt-b"\\quoted', h: 'h-b' },
    ];
    const inserted = await runIngestStatement<{ token_id: string; key: string }>(ctx.t.db, CLAIM_KEYS, [JSON.stringify(claims)]);
    expect(inserted).toEqual([
      { token_id: ctx.token.id, key: 'stmt-a' },
      { token_id: ctx.token.id, key: 'stmt-b"\\quoted' },
    ]);
    await ctx.t.db.insert(idempotencyKeys).values({ tokenId: ctx.token.id, key: 'stmt-builder', requestHash: 'h-a' }).onConflictDoNothing();
    const rows = await ctx.t.db.select().from(idempotencyKeys).where(inArray(idempotencyKeys.key, ['stmt-a', 'stmt-builder', 'stmt-taken']));
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const strip = (r: typeof idempotencyKeys.$inferSelect | undefined) => ({ ...r, key: undefined, createdAt: undefined });
    expect(strip(byKey.get('stmt-a'))).toEqual(strip(byKey.get('stmt-builder')));
    expect(byKey.get('stmt-taken')?.requestHash).toBe('h-taken'); // a stored claim is never overwritten
  });

  it('finds the same stored externalIds as inArray did', async () => {
    const bodies = [validBody(), validBody()];
    for (const b of bodies) {
      const raw = JSON.stringify(b);
      const item = { tokenId: ctx.token.id, key: randomUUID(), hash: requestHash(raw), input: ZIngestTransaction.parse(JSON.parse(raw)), meta };
      expect((await ingestSingleItem(ctx.t.db, item)).ok).toBe(true);
    }
    const asked = [bodies[0]!.externalId as string, 'stmt-never-stored', bodies[1]!.externalId as string, "o'quote"];
    const found = await runIngestStatement<{ external_id: string }>(ctx.t.db, KNOWN_EXTERNAL_IDS, [JSON.stringify(asked)]);
    const builder = await ctx.t.db.select({ e: transactions.externalId }).from(transactions).where(inArray(transactions.externalId, asked));
    expect(new Set(found.map((r) => r.external_id))).toEqual(new Set(builder.map((r) => r.e)));
    expect(found).toHaveLength(2);
  });

  it('reads stored customers as the builder select of STORED_CUSTOMER did', async () => {
    const full = `stmt-full-${randomUUID()}`;
    const bare = `stmt-bare-${randomUUID()}`;
    for (const [ref, c] of [
      [full, { reference: full, name: 'A Person', email: 'a@example.test', phone: '+44 20 7946 0000', address: '1 Road', dateOfBirth: '1980-01-02' }],
      [bare, { reference: bare }],
    ] as const) {
      const id = randomUUID();
      await ctx.t.db.insert(customers).values({ id, externalRef: ref, region: 'eu', ...encryptedColumns(id, c) });
    }
    const refs = [full, bare, 'stmt-unknown'];
    const got = await ctx.t.db.transaction((tx) => selectStoredCustomers(tx, refs));
    const builder = await ctx.t.db
      .select({ ...STORED_CUSTOMER, ref: customers.externalRef })
      .from(customers)
      .where(inArray(customers.externalRef, refs));
    expect(got).toEqual(new Map(builder.map(({ ref, ...r }) => [ref, r])));
    expect(got.get(full)).toMatchObject({ hasName: true, hasAddress: true, hasDob: true });
    expect(got.get(bare)).toMatchObject({ hasName: false, hasAddress: false, hasDob: false, emailBlindIndex: null });
  });

  it('inserts a new customer with exactly the values the builder inserted', async () => {
    for (const c of [
      { reference: `stmt-new-${randomUUID()}`, name: 'New Person', email: 'New.Person@Example.test', phone: '+33 1 23 45 67 89' },
      { reference: `stmt-new-${randomUUID()}` },
    ]) {
      const id = randomUUID();
      const row = newCustomerRow(id, c, 'eu');
      const read = () => ctx.t.db.select().from(customers).where(eq(customers.id, id));
      const viaStatement = await rolledBack(async (tx) => {
        expect(await runIngestStatement(tx, INSERT_CUSTOMERS, [JSON.stringify([row])])).toEqual([{ id }]);
        return tx.select().from(customers).where(eq(customers.id, id));
      });
      // What the builder was given: the same values, absent fields left out (as encryptedColumns leaves them out).
      const camel: typeof customers.$inferInsert = {
        id: row.id!,
        externalRef: row.external_ref!,
        region: row.region,
        nameEnc: row.name_enc ?? undefined,
        emailEnc: row.email_enc ?? undefined,
        phoneEnc: row.phone_enc ?? undefined,
        addressEnc: row.address_enc ?? undefined,
        dateOfBirthEnc: row.date_of_birth_enc ?? undefined,
        emailBlindIndex: row.email_blind_index ?? undefined,
        phoneBlindIndex: row.phone_blind_index ?? undefined,
      };
      await ctx.t.db.insert(customers).values(camel).onConflictDoNothing({ target: customers.externalRef });
      const [viaBuilder] = await read();
      const strip = (r: typeof customers.$inferSelect | undefined) => ({ ...r, createdAt: undefined, updatedAt: undefined });
      expect(viaStatement).toHaveLength(1);
      expect(strip(viaStatement[0])).toEqual(strip(viaBuilder));
    }
  });

  it('encrypts a new customer as encryptedColumns does: sent fields decrypt, absent ones are NULL', () => {
    const id = randomUUID();
    const c = { reference: 'stmt-enc', name: 'Enc Person', email: 'enc@example.test', dateOfBirth: '1990-05-06' };
    const row = newCustomerRow(id, c, 'us');
    const plain = (column: string, envelope: string | null) => (envelope === null ? null : decryptField({ table: 'customers', column, rowId: id, envelope }));
    expect({ ...row, name_enc: plain('name_enc', row.name_enc), email_enc: plain('email_enc', row.email_enc), date_of_birth_enc: plain('date_of_birth_enc', row.date_of_birth_enc) }).toEqual({
      id,
      external_ref: 'stmt-enc',
      region: 'us',
      name_enc: 'Enc Person',
      email_enc: 'enc@example.test',
      phone_enc: null,
      address_enc: null,
      date_of_birth_enc: '1990-05-06',
      email_blind_index: blindIndex('email', 'enc@example.test'),
      phone_blind_index: null,
    });
    expect(Object.keys(encryptedColumns(id, c)).sort()).toEqual(['dateOfBirthEnc', 'emailBlindIndex', 'emailEnc', 'nameEnc']);
  });

  it('stores the same transaction row from a batch as from the single path', async () => {
    const reference = `stmt-row-${randomUUID()}`;
    const at = Date.now() - 3_600_000;
    const make = (minutes: number) => {
      const raw = JSON.stringify(validBody({ customer: { reference, name: 'Row Person' }, occurredAt: new Date(at + minutes * 60_000).toISOString() }));
      return { tokenId: ctx.token.id, key: randomUUID(), hash: requestHash(raw), input: ZIngestTransaction.parse(JSON.parse(raw)), meta };
    };
    const single = make(0);
    const batched = make(0);
    expect((await ingestSingleItem(ctx.t.db, single)).ok).toBe(true);
    // Same history as the single item saw: delete it after reading the row, then ingest the twin in a batch.
    const [singleRow] = await ctx.t.db.select().from(transactions).where(eq(transactions.externalId, single.input.externalId));
    await ctx.t.db.delete(transactions).where(eq(transactions.externalId, single.input.externalId));
    const [outcome] = await runIngestBatch(ctx.t.db, [batched]);
    expect(outcome).toMatchObject({ ok: true, status: 201 });
    const [batchRow] = await ctx.t.db.select().from(transactions).where(eq(transactions.externalId, batched.input.externalId));
    const strip = (r: typeof transactions.$inferSelect | undefined) => ({ ...r, id: undefined, externalId: undefined, receivedAt: undefined, createdAt: undefined });
    expect(batchRow).toBeDefined();
    expect(strip(batchRow)).toEqual(strip(singleRow));
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('ingest prepared statements on PostgreSQL', () => {
  it('are named prepared statements on the connection (described once, then one round trip each)', async () => {
    const names = await ctx.t.db.transaction(async (tx) => {
      await runIngestStatement(tx, KNOWN_EXTERNAL_IDS, [JSON.stringify(['stmt-prepared'])]);
      await runIngestStatement(tx, KNOWN_EXTERNAL_IDS, [JSON.stringify(['stmt-prepared-again'])]);
      return runIngestStatement<{ statement: string }>(tx, { name: 'test_prepared_list', text: 'select statement from pg_prepared_statements' }, []);
    });
    expect(names.filter((r) => r.statement === KNOWN_EXTERNAL_IDS.text)).toHaveLength(1);
  });
});
