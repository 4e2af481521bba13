/**
 * Signature canonicalisation (review F7): what is signed is exactly the bytes received, and one
 * signature has one accepted timestamp header.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { errorCode, errorMessage, ingestCounts, makeToken, postIngest, validBody } from '@/lib/transactions/ingest-test-helpers';
import { checkRequestSignature, signRequest } from './request-signature';

const SECRET = 'css_test_secret';
const NOW = 1_760_000_000_000;
const TS = NOW / 1000;

describe('checkRequestSignature', () => {
  it('accepts the signature over the raw body, including non-ASCII text', () => {
    const body = '{"merchant":"Café Ünïcode ☕"}';
    const overBytes = 'v1=' + createHmac('sha256', SECRET).update(Buffer.concat([Buffer.from(`${TS}.`), Buffer.from(body, 'utf8')])).digest('hex');
    expect(overBytes).toBe(signRequest(SECRET, TS, body));
    expect(checkRequestSignature(SECRET, { signature: overBytes, timestamp: String(TS) }, body, NOW)).toEqual({ ok: true });
  });

  it('refuses a timestamp with leading zeros (a second spelling of the same signed value)', () => {
    const signature = signRequest(SECRET, TS, '{}');
    expect(checkRequestSignature(SECRET, { signature, timestamp: `00${TS}` }, '{}', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkRequestSignature(SECRET, { signature, timestamp: '0' }, '{}', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkRequestSignature(SECRET, { signature, timestamp: String(TS) }, '{}', NOW)).toEqual({ ok: true });
  });
});

describe('a body starting with a byte order mark', () => {
  let t: TTestDb;
  let before: Awaited<ReturnType<typeof ingestCounts>>;
  beforeAll(async () => { t = await createTestDb(); });
  afterAll(async () => t?.dispose());
  beforeEach(async () => { before = await ingestCounts(t.db); });

  it('is refused with 400 whatever it was signed over, and nothing is stored', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    const raw = '\ufeff' + JSON.stringify(validBody());
    const res = await postIngest(raw, { token: tok.token, sign: { secret: tok.signingSecret } });
    expect(res.status).toBe(400);
    expect(errorCode(res.json)).toBe('BAD_REQUEST');
    expect(errorMessage(res.json)).toMatch(/byte order mark/);
    expect(await ingestCounts(t.db)).toEqual(before);
  });

  it('the same body without the BOM is accepted', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    const res = await postIngest(JSON.stringify(validBody()), { token: tok.token, sign: { secret: tok.signingSecret } });
    expect(res.status).toBe(201);
  });
});
