/**
 * Security headers for /api/v1 requests that carry a body. middleware.ts's matcher skips those
 * (a request with Content-Length or Transfer-Encoding): for every request it handles, Next
 * first copies the body into memory for the middleware, up to 10 MB
 * (experimental.proxyClientMaxBodySize), before the route's own 64 KB limit and its "token
 * before body" order could apply. Such a request gets here the headers the middleware would
 * have set; a request without a body still goes through the middleware as before.
 */
import { buildCsp } from '@/lib/security/csp';
import { edgeConfig } from '@/lib/security/edge-config';
import { applySecurityHeaders } from '@/lib/security/headers';
import { createNonce } from '@/lib/security/nonce';

/** The same condition as middleware.ts's `missing` clause for /api/v1. */
export function bypassedMiddleware(req: Request): boolean {
  return req.headers.has('content-length') || req.headers.has('transfer-encoding');
}

/** Sets the middleware's header set (API answers: no-store) on a response to a request that skipped it. */
export function applyApiSecurityHeaders(req: Request, res: Response): Response {
  if (!bypassedMiddleware(req)) return res;
  const { isDevelopment, secureOrigin } = edgeConfig();
  const requestId = res.headers.get('x-request-id') ?? '';
  applySecurityHeaders(res.headers, { csp: buildCsp({ nonce: createNonce(), isDevelopment }), requestId, secureOrigin, noStore: true });
  return res;
}
