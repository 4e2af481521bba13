/**
 * The request an endpoint under test sees. `next/headers` is mocked with `nextHeadersMock`, so
 * `cookies()` and `headers()` answer from the principal the matrix runner put in place: the
 * next-auth session cookie (an encrypted JWT naming the database session, as in production),
 * the browser-binding cookie and the usual proxy headers.
 */
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { BROWSER_BINDING_COOKIE, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { env } from '@/lib/env';
import { PEER_ADDRESS_HEADER } from '@/lib/http/request-meta';

export type TRequestIdentity = {
  /** Database session the cookie names; null sends no session cookie at all. */
  sessionId: string | null;
  /** Raw browser-binding cookie value (43 base64url characters). */
  binding: string;
  ip: string;
};

type TCookie = { name: string; value: string };

/** The subset of Next's cookie store the app uses, backed by a Map. */
class CookieJar {
  private readonly values = new Map<string, string>();

  get(name: string): TCookie | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : { name, value };
  }
  getAll(): TCookie[] {
    return [...this.values].map(([name, value]) => ({ name, value }));
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
  set(name: string, value: string): this {
    this.values.set(name, value);
    return this;
  }
  delete(name: string): this {
    this.values.delete(name);
    return this;
  }
  clear(): void {
    this.values.clear();
  }
  toHeader(): string {
    return this.getAll().map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
  }
}

const jar = new CookieJar();
let requestHeaders = new Headers();

/** The module object `vi.mock('next/headers', ...)` returns. */
export const nextHeadersMock = {
  cookies: async () => jar,
  headers: async () => requestHeaders,
};

/** Puts a principal's cookies and headers in place for the next endpoint call. */
export async function enterRequest(who: TRequestIdentity): Promise<void> {
  jar.clear();
  jar.set(BROWSER_BINDING_COOKIE, who.binding);
  if (who.sessionId) {
    jar.set(SESSION_COOKIE, await encode({ token: { sid: who.sessionId }, secret: env().sessionSecret }));
  }
  requestHeaders = new Headers({
    'x-request-id': `matrix-${randomUUID()}`,
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
    // What the server records for the connection (lib/http/peer-address.ts); no proxy in front (TRUST_PROXY unset).
    [PEER_ADDRESS_HEADER]: who.ip,
  });
  requestHeaders.set('cookie', jar.toHeader());
}

/** A NextRequest carrying the current principal's cookies and headers, with an optional JSON body. */
export function currentRequest(method: string, path: string, body?: unknown): NextRequest {
  const headers = new Headers(requestHeaders);
  headers.set('cookie', jar.toHeader());
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new NextRequest(new URL(path, env().publicOrigin), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
