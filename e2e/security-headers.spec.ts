/** Security headers on pages and API responses, as middleware.ts sets them (issue §4). */
import type { APIResponse } from '@playwright/test';
import { parseCspDirectives as directives } from '../scripts/security-gate/header-check';
import { expect, test } from './fixtures/test';

function expectStrictCsp(res: APIResponse): string {
  const csp = res.headers()['content-security-policy'];
  expect(csp, `CSP on ${res.url()}`).toBeTruthy();
  const d = directives(csp!);
  expect(d.get('default-src')).toEqual(["'self'"]);
  const script = d.get('script-src') ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"));
  expect(nonce, 'script-src carries a nonce').toBeDefined();
  // ≥ 128 bits: at least 22 base64 characters.
  expect(nonce!.slice("'nonce-".length, -1).replace(/=+$/, '').length).toBeGreaterThanOrEqual(22);
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(script).not.toContain("'unsafe-inline'");
  const style = d.get('style-src') ?? [];
  expect(style).toContain(nonce);
  expect(style).not.toContain("'unsafe-inline'");
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  expect(d.get('form-action')).toEqual(["'self'"]);
  expect(d.get('connect-src')).toEqual(["'self'"]);
  expect(d.get('report-uri') ?? []).toContain('/api/csp-report');
  return nonce!;
}

function expectHardeningHeaders(res: APIResponse): void {
  const h = res.headers();
  const where = res.url();
  expect(h['x-content-type-options'], where).toBe('nosniff');
  expect(h['referrer-policy'], where).toBe('no-referrer');
  expect(h['x-frame-options'], where).toBe('DENY');
  expect(h['cross-origin-opener-policy'], where).toBe('same-origin');
  expect(h['cross-origin-resource-policy'], where).toBe('same-origin');
  const permissions = (h['permissions-policy'] ?? '').replace(/\s+/g, '');
  for (const denied of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) expect(permissions, where).toContain(denied);
  expect(permissions, where).toMatch(/publickey-credentials-get=\(self\)/);
  expect(permissions, where).toMatch(/publickey-credentials-create=\(self\)/);
  expect(h['x-request-id'], where).toMatch(/^[A-Za-z0-9._:-]{8,64}$/);
  expect(h['x-powered-by'], where).toBeUndefined();
}

test('a page response carries a strict nonce CSP and the hardening headers, with a fresh nonce each time', async ({ request }) => {
  const first = await request.get('/login');
  expect(first.status()).toBe(200);
  const nonceA = expectStrictCsp(first);
  expectHardeningHeaders(first);
  const nonceB = expectStrictCsp(await request.get('/login'));
  expect(nonceB).not.toBe(nonceA);
  // The nonce in the header is the one on the page's scripts.
  expect(await first.text()).toContain(`nonce="${nonceA.slice("'nonce-".length, -1)}"`);
});

test('API responses carry the hardening headers too', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expectHardeningHeaders(health);
  const refused = await request.get('/api/me');
  expect(refused.status()).toBe(401);
  expectHardeningHeaders(refused);
});

test('responses to a signed-in session are never cached', async ({ admin }) => {
  for (const path of ['/', '/api/me']) {
    const res = await admin.context.request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['cache-control'], path).toMatch(/no-store/);
    expectHardeningHeaders(res);
  }
});

test('a safe incoming request id is echoed and an unsafe one is replaced', async ({ request }) => {
  const safe = await request.get('/api/health', { headers: { 'x-request-id': 'e2e-req-0123456789' } });
  expect(safe.headers()['x-request-id']).toBe('e2e-req-0123456789');
  const unsafe = await request.get('/api/health', { headers: { 'x-request-id': 'bad id <script>' } });
  expect(unsafe.headers()['x-request-id']).not.toContain('<');
  expect(unsafe.headers()['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{8,64}$/);
});

test('static assets, which middleware does not see, still carry the request-independent hardening headers', async ({ request }) => {
  const html = await (await request.get('/login')).text();
  const asset = html.match(/\/_next\/static\/[^"'\s]+\.js/)?.[0];
  expect(asset, 'the login page references a static script').toBeTruthy();
  const res = await request.get(asset!);
  expect(res.status()).toBe(200);
  const h = res.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['cross-origin-resource-policy']).toBe('same-origin');
  expect(h['permissions-policy']).toContain('camera=()');
});
