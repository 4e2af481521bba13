import { NextRequest, type NextResponse } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { config, middleware } from './middleware';

const ORIGIN = 'http://localhost:3000';

function request(path: string, init: { cookie?: boolean; headers?: Record<string, string>; method?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', `${SESSION_COOKIE}=opaque-session-token`);
  return new NextRequest(new URL(path, ORIGIN), { headers, method: init.method ?? 'GET' });
}

/** Request headers forwarded to the app by NextResponse.next({ request: { headers } }). */
function forwarded(res: NextResponse, name: string): string | null {
  return res.headers.get(`x-middleware-request-${name.toLowerCase()}`);
}

function expectSecurityHeaders(res: NextResponse) {
  expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/]{24}' 'strict-dynamic'/);
  expect(res.headers.get('reporting-endpoints')).toBe('csp="/api/csp-report"');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('permissions-policy')).toContain('publickey-credentials-get=(self)');
  expect(res.headers.get('permissions-policy')).toContain('camera=()');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-request-id')).toBeTruthy();
}

describe('middleware', () => {
  beforeEach(() => {
    vi.stubEnv('APP_ENV', 'production');
    vi.stubEnv('PUBLIC_ORIGIN', 'https://console.example');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('passes a signed-in page request on with nonce, CSP and request id on the request', () => {
    const res = middleware(request('/staff', { cookie: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expectSecurityHeaders(res);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = forwarded(res, 'x-nonce')!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(forwarded(res, 'content-security-policy')).toBe(csp);
    expect(forwarded(res, 'x-request-id')).toBe(res.headers.get('x-request-id'));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('uses a fresh nonce for every request', () => {
    const a = forwarded(middleware(request('/', { cookie: true })), 'x-nonce');
    const b = forwarded(middleware(request('/', { cookie: true })), 'x-nonce');
    expect(a).not.toBe(b);
  });

  it('overwrites a nonce or CSP smuggled in by the client', () => {
    const res = middleware(request('/', { cookie: true, headers: { 'x-nonce': 'attacker', 'content-security-policy': 'script-src *' } }));
    expect(forwarded(res, 'x-nonce')).not.toBe('attacker');
    expect(forwarded(res, 'content-security-policy')).toBe(res.headers.get('content-security-policy'));
  });

  it('redirects a page request without a session to /login with a safe return path', () => {
    const res = middleware(request('/staff?status=active'));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('next')).toBe('/staff?status=active');
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('drops an unsafe return path (protocol-relative request path) instead of echoing it', () => {
    const res = middleware(request(`${ORIGIN}//evil.example/x`));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(ORIGIN);
    expect(location.searchParams.get('next')).toBeNull();
  });

  it('answers an API request without a session with 401 JSON', async () => {
    const res = middleware(request('/api/me'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' } });
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('lets public pages and APIs through without a session, with headers', () => {
    for (const path of ['/login', '/setup/tok', '/invite/tok', '/api/health', '/api/csp-report', '/api/auth/session']) {
      const res = middleware(request(path));
      expect(res.headers.get('x-middleware-next'), path).toBe('1');
      expectSecurityHeaders(res);
    }
  });

  it('marks every API response no-store, and public pages without a session cacheable by Next', () => {
    expect(middleware(request('/api/health')).headers.get('cache-control')).toBe('no-store');
    expect(middleware(request('/login')).headers.get('cache-control')).toBeNull();
    expect(middleware(request('/login', { cookie: true })).headers.get('cache-control')).toBe('no-store');
  });

  it('treats an empty session cookie as no session', () => {
    const req = new NextRequest(new URL('/staff', ORIGIN), { headers: { cookie: `${SESSION_COOKIE}=` } });
    expect(middleware(req).status).toBe(307);
  });

  it('keeps a safe incoming request id and replaces an unsafe one', () => {
    const kept = middleware(request('/api/health', { headers: { 'x-request-id': 'lb-req-0001' } }));
    expect(kept.headers.get('x-request-id')).toBe('lb-req-0001');
    const replaced = middleware(request('/api/health', { headers: { 'x-request-id': 'bad id <script>' } }));
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(forwarded(replaced, 'x-request-id')).toBe(replaced.headers.get('x-request-id'));
  });

  it('sends no HSTS for an http public origin and relaxes the CSP only in development', () => {
    vi.stubEnv('APP_ENV', 'development');
    vi.stubEnv('PUBLIC_ORIGIN', 'http://localhost:3000');
    const res = middleware(request('/', { cookie: true }));
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("'unsafe-eval'");
    vi.stubEnv('APP_ENV', 'test');
    const strict = middleware(request('/', { cookie: true })).headers.get('content-security-policy')!;
    expect(strict).not.toContain("'unsafe-eval'");
    expect(strict.split('; ').find((d) => d.startsWith('style-src '))).not.toContain("'unsafe-inline'");
  });

  it('matches everything except hashed build assets, the image optimizer and the favicon', () => {
    const source = config.matcher[0] as string;
    const re = new RegExp(`^${source}$`);
    for (const p of ['/', '/staff', '/api/me', '/login', '/robots.txt', '/_next/data/x.json', '/favicon.ico.txt']) {
      expect(re.test(p), p).toBe(true);
    }
    for (const p of ['/_next/static/chunks/app.js', '/_next/image', '/favicon.ico', '/api/v1/transactions', '/api/v1/openapi.json']) {
      expect(re.test(p), p).toBe(false);
    }
  });

  it('handles /api/v1 only for requests without a body (Next would buffer up to 10 MB of it first)', () => {
    expect(config.matcher[1]).toEqual({
      source: '/api/v1/:path*',
      missing: [
        { type: 'header', key: 'content-length' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    });
  });
});
