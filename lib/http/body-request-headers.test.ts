import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { makeToken, postIngest, validBody } from '@/lib/transactions/ingest-test-helpers';
import { securityHeaders } from '@/lib/security/headers';
import { applyApiSecurityHeaders, bypassedMiddleware } from './body-request-headers';

let t: TTestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => t?.dispose());

// Every header middleware.ts sets on an API answer, by name.
const EXPECTED = Object.keys(securityHeaders({ csp: 'x', requestId: 'r', secureOrigin: false, noStore: true })).map((h) => h.toLowerCase());

describe('/api/v1 requests with a body skip the middleware and get its headers from the route', () => {
  it('a POST to the ingest API answers with the full header set (201 and refusals alike)', async () => {
    const token = await makeToken(t.db);
    // As over HTTP: a request with a body carries Content-Length (or is chunked).
    const post = (body: Record<string, unknown>, bearer: string) => postIngest(body, { token: bearer, headers: { 'content-length': String(Buffer.byteLength(JSON.stringify(body))) } });
    for (const res of [await post(validBody(), token.token), await post(validBody(), 'cst_wrong')]) {
      expect([201, 401]).toContain(res.status);
      for (const name of EXPECTED) expect(res.headers.get(name), `${name} on ${res.status}`).toBeTruthy();
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/]{22,}/);
      expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{8,64}$/);
    }
  });

  it('a request without a body went through the middleware: nothing is added twice', () => {
    const req = new Request('http://localhost/api/v1/openapi.json');
    expect(bypassedMiddleware(req)).toBe(false);
    const res = applyApiSecurityHeaders(req, new Response('{}'));
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('Content-Length or Transfer-Encoding marks a request the middleware skipped', () => {
    expect(bypassedMiddleware(new Request('http://x/', { method: 'POST', headers: { 'content-length': '2' }, body: '{}' }))).toBe(true);
    expect(bypassedMiddleware(new Request('http://x/', { headers: { 'transfer-encoding': 'chunked' } }))).toBe(true);
  });
});
