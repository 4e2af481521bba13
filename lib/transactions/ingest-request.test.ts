import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, transactions } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { errorCode, errorMessage, ingestCounts, makeToken, postIngest, validBody } from './ingest-test-helpers';

let t: TTestDb;
let token: Awaited<ReturnType<typeof makeToken>>;
let before: Awaited<ReturnType<typeof ingestCounts>>;

beforeAll(async () => {
  t = await createTestDb();
  token = await makeToken(t.db);
});
afterAll(async () => t.dispose());
beforeEach(async () => {
  before = await ingestCounts(t.db);
});

async function expectNothingStored() {
  expect(await ingestCounts(t.db)).toEqual(before);
}

describe('POST /api/v1/transactions: accepted', () => {
  it('stores a valid transaction, encrypts PII and answers with the risk decision', async () => {
    const body = validBody();
    const res = await postIngest(body, { token: token.token });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ externalId: body.externalId, decision: expect.stringMatching(/allow|review|decline/) });
    expect(typeof res.json.score).toBe('number');
    const [row] = await t.db.select().from(transactions).where(eq(transactions.id, res.json.id as string));
    expect(row?.amountMinor).toBe(4250n);
    const [c] = await t.db.select().from(customers).where(eq(customers.id, row!.customerId));
    expect(c?.emailEnc).toBeTruthy();
    expect(JSON.stringify(c)).not.toContain('test.person@example.test');
    expect(JSON.stringify(c)).not.toContain('Test Person');
    expect(c?.emailBlindIndex).toBeTruthy();
    expect(await ingestCounts(t.db)).toMatchObject({ transactions: before.transactions + 1, ingestEvents: before.ingestEvents + 1 });
  });

  it('refuses a second transaction with the same externalId under a new key (409) and stores nothing', async () => {
    const body = validBody();
    expect((await postIngest(body, { token: token.token })).status).toBe(201);
    before = await ingestCounts(t.db);
    const again = await postIngest(body, { token: token.token });
    expect(again.status).toBe(409);
    await expectNothingStored();
  });
});

describe('POST /api/v1/transactions: card numbers are refused before anything is stored', () => {
  const cases: [string, (b: Record<string, unknown>) => Record<string, unknown>][] = [
    ['in the payment token', (b) => ({ ...b, paymentMethod: { ...(b.paymentMethod as object), token: '4111111111111111' } })],
    ['in the merchant name with spaces', (b) => ({ ...b, merchant: { ...(b.merchant as object), name: 'Shop 4111 1111 1111 1111' } })],
    ['in the customer address with dashes', (b) => ({ ...b, customer: { ...(b.customer as object), address: '5500-0000-0000-0004 Main St' } })],
    ['as an extra nested field', (b) => ({ ...b, device: { ...(b.device as object), extra: { deep: ['x', '378282246310005'] } } })],
    ['as a JSON number', (b) => ({ ...b, note: 4111111111111111 })],
    ['as a key', (b) => ({ ...b, ['4111111111111111']: 'x' })],
  ];
  it.each(cases)('%s → 422 "card numbers must be tokenized"', async (_name, mutate) => {
    const res = await postIngest(mutate(validBody()), { token: token.token });
    expect(res.status).toBe(422);
    expect(errorMessage(res.json)).toMatch(/card numbers must be tokenized/i);
    expect(JSON.stringify(res.json)).not.toMatch(/4111111111111111|5500-0000|378282246310005/);
    await expectNothingStored();
  });

  it('catches a 19-digit number literal that JSON.parse would round', async () => {
    const raw = JSON.stringify(validBody()).replace(/}$/, ',"x":6011000990139424123}');
    const res = await postIngest(raw, { token: token.token });
    expect([422]).toContain(res.status);
    await expectNothingStored();
  });
});

describe('POST /api/v1/transactions: invalid bodies', () => {
  const cases: [string, (b: Record<string, unknown>) => unknown, number, string?][] = [
    ['zero amount', (b) => ({ ...b, amountMinor: 0 }), 422, 'amountMinor'],
    ['negative amount', (b) => ({ ...b, amountMinor: -100 }), 422, 'amountMinor'],
    ['fractional amount', (b) => ({ ...b, amountMinor: 10.5 }), 422, 'amountMinor'],
    ['overflowing amount', (b) => ({ ...b, amountMinor: 1e30 }), 422, 'amountMinor'],
    ['amount as string', (b) => ({ ...b, amountMinor: '100' }), 422, 'amountMinor'],
    ['unknown currency', (b) => ({ ...b, currency: 'XYZ' }), 422, 'currency'],
    ['lower-case currency', (b) => ({ ...b, currency: 'eur' }), 422, 'currency'],
    ['missing externalId', (b) => ({ ...b, externalId: undefined }), 422, 'externalId'],
    ['bad occurredAt', (b) => ({ ...b, occurredAt: 'yesterday' }), 422, 'occurredAt'],
    ['bad MCC', (b) => ({ ...b, merchant: { name: 'x', categoryCode: '59', country: 'FR' } }), 422, 'merchant.categoryCode'],
    ['unknown country', (b) => ({ ...b, merchant: { name: 'x', categoryCode: '5942', country: 'XX' } }), 422, 'merchant.country'],
    ['unknown field', (b) => ({ ...b, cvv: '123' }), 422],
    ['bad email', (b) => ({ ...b, customer: { reference: 'c1', email: 'nope' } }), 422, 'customer.email'],
    ['bad channel', (b) => ({ ...b, channel: 'telepathy' }), 422, 'channel'],
    ['bad IP', (b) => ({ ...b, device: { ip: '999.1.1.1' } }), 422, 'device.ip'],
    ['lat without lon', (b) => ({ ...b, geolocation: { country: 'FR', lat: 1 } }), 422],
    ['expiry month 13', (b) => ({ ...b, paymentMethod: { ...(b.paymentMethod as object), expiryMonth: 13 } }), 422],
    ['an array body', () => [1, 2], 422],
    ['null body', () => null, 422],
  ];
  it.each(cases)('%s → %i and nothing stored', async (_name, mutate, status, path) => {
    const res = await postIngest(mutate(validBody()), { token: token.token });
    expect(res.status).toBe(status);
    expect(errorCode(res.json)).toBe('VALIDATION');
    if (path) expect((res.json.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    await expectNothingStored();
  });

  it('malformed JSON → 400 with line and column, body not echoed', async () => {
    const res = await postIngest('{\n  "externalId": "secret-value",\n  "amountMinor": }', { token: token.token });
    expect(res.status).toBe(400);
    expect(errorMessage(res.json)).toMatch(/line 3, column 18/);
    expect(JSON.stringify(res.json)).not.toContain('secret-value');
    await expectNothingStored();
  });

  it('a body over 64 KB → 413', async () => {
    const res = await postIngest(validBody({ padding: 'x'.repeat(70_000) }), { token: token.token });
    expect(res.status).toBe(413);
    await expectNothingStored();
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], [null]])('content type %s → 415', async (contentType) => {
    const res = await postIngest(validBody(), { token: token.token, contentType });
    expect(res.status).toBe(415);
    await expectNothingStored();
  });

  it('a missing Idempotency-Key → 400', async () => {
    const res = await postIngest(validBody(), { token: token.token, key: null });
    expect(res.status).toBe(400);
    expect(errorMessage(res.json)).toMatch(/Idempotency-Key/);
    await expectNothingStored();
  });

  it('errors never carry a stack trace', async () => {
    const res = await postIngest('{', { token: token.token });
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts:\d+|node_modules/);
    expect(Object.keys(res.json.error as object).sort()).toEqual(['code', 'message']);
  });
});

describe('POST /api/v1/transactions: customer PII', () => {
  it('keeps one customer per reference and replaces the email when a new one is sent', async () => {
    const reference = `cust-pii-${Date.now()}`;
    const first = await postIngest(validBody({ customer: { reference, email: 'old@example.test', name: 'First Name' } }), { token: token.token });
    const second = await postIngest(validBody({ customer: { reference, email: 'new@example.test', name: 'Other Name' } }), { token: token.token });
    expect([first.status, second.status]).toEqual([201, 201]);
    const rows = await t.db.select().from(customers).where(eq(customers.externalRef, reference));
    expect(rows).toHaveLength(1);
    const { blindIndex, decryptField } = await import('@/lib/crypto');
    expect(rows[0]!.emailBlindIndex).toBe(blindIndex('email', 'new@example.test'));
    expect(decryptField({ table: 'customers', column: 'email_enc', rowId: rows[0]!.id, envelope: rows[0]!.emailEnc! })).toBe('new@example.test');
    expect(decryptField({ table: 'customers', column: 'name_enc', rowId: rows[0]!.id, envelope: rows[0]!.nameEnc! })).toBe('First Name');
  });
});

describe('POST /api/v1/transactions: audit', () => {
  it('writes transaction.ingested on the ingest chains, each of which verifies', async () => {
    for (let i = 0; i < 12; i++) expect((await postIngest(validBody(), { token: token.token })).status).toBe(201);
    const { auditEvents } = await import('@/db/schema');
    const { verifyAuditChain } = await import('@/lib/audit/verify-audit-chain');
    const rows = await t.db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).where(eq(auditEvents.action, 'transaction.ingested'));
    const chains = rows.map((r) => r.chain);
    expect(chains.length).toBeGreaterThan(1);
    expect(chains.every((c) => /^ingest-[0-7]$/.test(c))).toBe(true);
    for (const chain of chains) expect((await verifyAuditChain(t.db, { chain })).ok, chain).toBe(true);
  });
});

describe('POST /api/v1/transactions: text that PostgreSQL cannot store', () => {
  it.each([['a NUL byte', 'Shop\u0000'], ['a lone surrogate', 'Shop \ud800'], ['a control character', 'Shop\u0007']])('%s in free text → 422, nothing stored', async (_name, name) => {
    const res = await postIngest(validBody({ merchant: { name, categoryCode: '5942', country: 'FR' } }), { token: token.token });
    expect(res.status).toBe(422);
    await expectNothingStored();
  });
});
