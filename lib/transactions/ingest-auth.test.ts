import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { serviceTokens } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { errorCode, ingestCounts, makeToken, postIngest, setTokenState, validBody } from './ingest-test-helpers';

let t: TTestDb;
let before: Awaited<ReturnType<typeof ingestCounts>>;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.dispose());
beforeEach(async () => {
  before = await ingestCounts(t.db);
});

async function expectRefused(res: { status: number; json: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(errorCode(res.json)).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  expect(await ingestCounts(t.db)).toEqual(before);
}

describe('ingest API: service token', () => {
  it('no Authorization header → 401', async () => {
    await expectRefused(await postIngest(validBody(), { token: null }), 401);
  });

  it('a well-formed but unknown token → 401', async () => {
    await expectRefused(await postIngest(validBody(), { token: 'cst_' + 'A'.repeat(43) }), 401);
  });

  it('a malformed token → 401', async () => {
    await expectRefused(await postIngest(validBody(), { token: 'hunter2' }), 401);
  });

  it('an expired token → 401', async () => {
    const tok = await makeToken(t.db);
    await setTokenState(t.db, tok.id, { expiresAt: new Date(Date.now() - 1000) });
    await expectRefused(await postIngest(validBody(), { token: tok.token }), 401);
  });

  it('a revoked token → 401', async () => {
    const tok = await makeToken(t.db);
    await setTokenState(t.db, tok.id, { revokedAt: new Date() });
    await expectRefused(await postIngest(validBody(), { token: tok.token }), 401);
  });

  it('a token without the transactions:ingest scope → 403', async () => {
    const tok = await makeToken(t.db);
    await setTokenState(t.db, tok.id, { scopes: ['transactions:read'] });
    await expectRefused(await postIngest(validBody(), { token: tok.token }), 403);
  });

  it('answers requests arriving together each from its own token\'s row, as it is when they arrive', async () => {
    const [ok, revoked, noScope] = [await makeToken(t.db), await makeToken(t.db), await makeToken(t.db)];
    await setTokenState(t.db, revoked.id, { revokedAt: new Date() });
    await setTokenState(t.db, noScope.id, { scopes: ['transactions:read'] });
    const tokens = [ok.token, revoked.token, 'cst_' + 'B'.repeat(43), noScope.token, ok.token, null];
    const answers = await Promise.all(tokens.map((token) => postIngest(validBody(), { token })));
    expect(answers.map((a) => a.status)).toEqual([201, 401, 401, 403, 201, 401]);
    // Revoked between two bursts: the next burst is refused.
    await setTokenState(t.db, ok.id, { revokedAt: new Date() });
    const after = await Promise.all([ok.token, ok.token].map((token) => postIngest(validBody(), { token })));
    expect(after.map((a) => a.status)).toEqual([401, 401]);
  });

  it('records last use, at most once a minute', async () => {
    const tok = await makeToken(t.db);
    expect((await postIngest(validBody(), { token: tok.token })).status).toBe(201);
    const [first] = await t.db.select().from(serviceTokens).where(eq(serviceTokens.id, tok.id));
    expect(first?.lastUsedAt).toBeInstanceOf(Date);
    expect((await postIngest(validBody(), { token: tok.token })).status).toBe(201);
    const [second] = await t.db.select().from(serviceTokens).where(eq(serviceTokens.id, tok.id));
    expect(second?.lastUsedAt?.getTime()).toBe(first?.lastUsedAt?.getTime());
  });
});

describe('ingest API: HMAC request signature', () => {
  it('accepts a correctly signed request', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    expect((await postIngest(validBody(), { token: tok.token, sign: { secret: tok.signingSecret } })).status).toBe(201);
  });

  it('a token that requires signatures refuses an unsigned request → 401', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    await expectRefused(await postIngest(validBody(), { token: tok.token }), 401);
  });

  it('a signature over a different body → 401', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    await expectRefused(await postIngest(validBody(), { token: tok.token, sign: { secret: tok.signingSecret, tamper: true } }), 401);
  });

  it('a signature made with another token\'s secret → 401', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    const other = await makeToken(t.db);
    await expectRefused(await postIngest(validBody(), { token: tok.token, sign: { secret: other.signingSecret } }), 401);
  });

  it.each([[-301], [301]])('a timestamp %i s away from now → 401', async (offset) => {
    const tok = await makeToken(t.db, { requireSignature: true });
    const timestamp = Math.floor(Date.now() / 1000) + offset;
    await expectRefused(await postIngest(validBody(), { token: tok.token, sign: { secret: tok.signingSecret, timestamp } }), 401);
  });

  it('a bad signature is refused even when the token does not require one → 401', async () => {
    const tok = await makeToken(t.db);
    await expectRefused(await postIngest(validBody(), { token: tok.token, sign: { secret: 'css_wrong', timestamp: Math.floor(Date.now() / 1000) } }), 401);
  });

  it('malformed signature headers → 401', async () => {
    const tok = await makeToken(t.db, { requireSignature: true });
    const headers = { 'x-signature': 'sha256=abc', 'x-signature-timestamp': 'soon' };
    await expectRefused(await postIngest(validBody(), { token: tok.token, headers }), 401);
  });
});
