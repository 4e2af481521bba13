/**
 * Binds WebAuthn challenges to one browser: a random httpOnly cookie whose SHA-256 is stored
 * with each challenge. A challenge fetched by another browser cannot be answered here.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { BROWSER_BINDING_COOKIE } from './cookie-names';
import { randomToken, sha256Hex } from './tokens';

/** Returns the binding hash, creating the cookie if needed (route handlers and actions only). */
export async function ensureBrowserBinding(): Promise<string> {
  const jar = await cookies();
  let value = jar.get(BROWSER_BINDING_COOKIE)?.value;
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = randomToken();
    jar.set(BROWSER_BINDING_COOKIE, value, {
      httpOnly: true,
      // Chromium accepts Secure cookies on http://localhost; __Host- requires Secure and Path=/.
      secure: true,
      sameSite: 'strict',
      path: '/',
      maxAge: env().sessionAbsoluteHours * 3600,
    });
  }
  return sha256Hex(value);
}

/** The binding hash of the current request, or a value that matches nothing. */
export async function currentBrowserBinding(): Promise<string> {
  const value = (await cookies()).get(BROWSER_BINDING_COOKIE)?.value;
  return value ? sha256Hex(value) : 'unbound';
}

export function bindingFromCookieHeader(cookieHeader: string | null | undefined): string {
  const match = (cookieHeader ?? '').split(/;\s*/).find((c) => c.startsWith(`${BROWSER_BINDING_COOKIE}=`));
  const value = match?.slice(BROWSER_BINDING_COOKIE.length + 1);
  return value ? sha256Hex(decodeURIComponent(value)) : 'unbound';
}
