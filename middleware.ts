/**
 * Thin edge middleware: per-request CSP nonce, security headers, request id, and an
 * optimistic "no session cookie → sign in" gate. It never decides permissions: the data
 * layer re-checks the session on every call, so a request that skips this file (matcher
 * gap, `x-middleware-subrequest` tricks) meets the same refusal there.
 * Edge-safe by construction: Web Crypto only, no node: imports, no database, no lib/env.ts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { buildCsp } from '@/lib/security/csp';
import { edgeConfig } from '@/lib/security/edge-config';
import { applySecurityHeaders } from '@/lib/security/headers';
import { createNonce } from '@/lib/security/nonce';
import { acceptOrCreateRequestId } from '@/lib/security/request-id';
import { isApiPath, isPublicPath } from '@/lib/security/route-classes';
import { safeReturnPath } from '@/lib/security/safe-return-path';

function hasSessionCookie(req: NextRequest): boolean {
  // next-auth splits oversized cookies into `.0`, `.1`…; ours holds only a session id, but
  // accept the chunked form rather than bounce a signed-in user to the login page.
  return Boolean(req.cookies.get(SESSION_COOKIE)?.value || req.cookies.get(`${SESSION_COOKIE}.0`)?.value);
}

export function middleware(req: NextRequest): NextResponse {
  const { isDevelopment, secureOrigin } = edgeConfig();
  const nonce = createNonce();
  const csp = buildCsp({ nonce, isDevelopment });
  const requestId = acceptOrCreateRequestId(req.headers.get('x-request-id'));
  const { pathname, search } = req.nextUrl;
  const api = isApiPath(pathname);
  const signedIn = hasSessionCookie(req);

  let res: NextResponse;
  if (!signedIn && !isPublicPath(pathname)) {
    if (api) {
      res = NextResponse.json(
        { error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' } },
        { status: 401 },
      );
    } else {
      const login = new URL('/login', req.url);
      const next = safeReturnPath(pathname + search, '');
      if (next && next !== '/') login.searchParams.set('next', next);
      res = NextResponse.redirect(login, 307);
    }
    applySecurityHeaders(res.headers, { csp, requestId, secureOrigin, noStore: true });
    return res;
  }

  // Next reads the nonce from the REQUEST's CSP header while rendering and stamps it on its
  // own scripts; x-nonce is for server components that render <Script>/ThemeProvider.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('x-request-id', requestId);
  res = NextResponse.next({ request: { headers: requestHeaders } });
  applySecurityHeaders(res.headers, { csp, requestId, secureOrigin, noStore: signedIn || api });
  return res;
}

export const config = {
  // Everything except hashed build assets (immutable caching) and the image optimizer;
  // prefetches are deliberately NOT skipped so they get the same headers and gate.
  // /api/v1 (the bearer-token ingest API) only when the request has no body: for every request
  // the middleware handles, Next first buffers the body for it, up to 10 MB, before the route's
  // 64 KB streaming limit applies. Requests with a body get the same headers from the route
  // (lib/http/body-request-headers.ts); the route authenticates the token itself.
  matcher: [
    '/((?!_next/static/|_next/image|favicon\\.ico$|api/v1/).*)',
    {
      source: '/api/v1/:path*',
      missing: [
        { type: 'header', key: 'content-length' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
  ],
};
