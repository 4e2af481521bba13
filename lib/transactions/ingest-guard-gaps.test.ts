/**
 * Review F2/F3 through the real route: card numbers hidden by other separators, invisible
 * characters or other scripts' digits are refused (422, nothing stored); an unknown key is not
 * echoed; an occurredAt outside 2000-01-01 … now + 24 h is a 422, never a 500.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { CARD_NUMBER_MESSAGE } from '@/lib/pan';
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

type TBody = Record<string, unknown>;
const withMerchantName = (name: string) => (b: TBody) => ({ ...b, merchant: { ...(b.merchant as object), name } });
const withCustomer = (patch: object) => (b: TBody) => ({ ...b, customer: { ...(b.customer as object), ...patch } });

describe('card numbers the guard used to miss are refused', () => {
  it.each<[string, (b: TBody) => TBody]>([
    ['paymentMethod.token with underscores', (b) => ({ ...b, paymentMethod: { ...(b.paymentMethod as object), token: '4111_1111_1111_1111' } })],
    ['externalId with colons', (b) => ({ ...b, externalId: '4111:1111:1111:1111' })],
    ['customer.reference with underscores', withCustomer({ reference: '5555_5555_5555_4444' })],
    ['merchant.name with U+2212 minus signs', withMerchantName('Shop 4111\u22121111\u22121111\u22121111')],
    ['merchant.name with left-to-right marks', withMerchantName('Shop 4111\u200e1111\u200e1111\u200e1111')],
    ['merchant.name with invisible separators', withMerchantName('Shop 4111\u20631111\u20631111\u20631111')],
    ['merchant.name with slashes', withMerchantName('Shop 4111/1111/1111/1111')],
    ['merchant.name with four spaces', withMerchantName('Shop 4111    1111    1111    1111')],
    ['customer.address in Arabic-Indic digits', withCustomer({ address: '\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661' })],
    ['device.userAgent in Persian digits', (b) => ({ ...b, device: { ...(b.device as object), userAgent: '\u06f4\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1' } })],
    ['customer.phone holding an Amex number', withCustomer({ phone: '+378282246310005' })],
  ])('%s', async (_name, mutate) => {
    const res = await postIngest(mutate(validBody()), { token: token.token });
    expect(res.status).toBe(422);
    expect(errorMessage(res.json)).toBe(CARD_NUMBER_MESSAGE);
    expect(JSON.stringify(res.json)).not.toMatch(/4111|5555|3782|\u0664|\u06f4/);
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it('a real phone number and ordinary text are still accepted', async () => {
    const res = await postIngest(validBody({ merchant: { name: 'Café 24/7 – open 08:00–22:00', categoryCode: '5812', country: 'FR' } }), { token: token.token });
    expect(res.status).toBe(201);
  });

  it('refuses invisible formatting characters in free text (they hide what the value says)', async () => {
    const res = await postIngest(withMerchantName('Shop\u202eevil')(validBody()), { token: token.token });
    expect(res.status).toBe(422);
    expect(errorCode(res.json)).toBe('VALIDATION');
    expect(await ingestCounts(t.db)).toEqual(before);
  });
});

describe('unknown keys are counted, never echoed', () => {
  it('the 422 does not repeat the key (it can hold a card number in another script or personal data)', async () => {
    const body = { ...validBody(), '\u0664\u0661\u0661\u0661 card': 1, jane_doe_1980: 2 };
    const res = await postIngest(body, { token: token.token });
    expect(res.status).toBe(422);
    expect(errorMessage(res.json)).toMatch(/unknown fields \(2\)/);
    expect(JSON.stringify(res.json)).not.toMatch(/\u0664|jane_doe/);
    expect(await ingestCounts(t.db)).toEqual(before);
  });
});

describe('occurredAt is bounded', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 0001 with +14:00 (year 0 in UTC)', '0001-01-01T00:00:00+14:00'],
    ['year 9999 with -23:59 (year 10000 in UTC)', '9999-12-31T23:59:59-23:59'],
    ['before 2000', '1999-12-31T23:59:59Z'],
    ['more than a day ahead', new Date(Date.now() + 25 * 3_600_000).toISOString()],
  ])('%s is a 422, not a 500, and stores nothing', async (_name, occurredAt) => {
    const res = await postIngest(validBody({ occurredAt }), { token: token.token });
    expect(res.status).toBe(422);
    expect(errorMessage(res.json)).toContain('occurredAt: must be between 2000-01-01 and 24 hours from now');
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it.each([
    ['2000-01-01 exactly', '2000-01-01T00:00:00Z'],
    ['an hour ahead (clock skew)', new Date(Date.now() + 3_600_000).toISOString()],
    ['with an offset', '2024-06-01T12:00:00+02:00'],
  ])('%s is accepted', async (_name, occurredAt) => {
    const res = await postIngest(validBody({ occurredAt }), { token: token.token });
    expect(res.status).toBe(201);
  });
});
