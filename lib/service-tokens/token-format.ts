/**
 * Service token format: `cst_` + 43 base64url characters (256 random bits). Only the SHA-256
 * hash is stored; the first 12 characters are kept as a display prefix (they reveal 8
 * characters = 48 of the 256 bits, leaving the rest unguessable). The HMAC signing secret is
 * another 256-bit random value, `css_` + base64url.
 */
import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'cst_';
const TOKEN_RE = /^cst_[A-Za-z0-9_-]{43}$/;
export const DISPLAY_PREFIX_LENGTH = 12;

export function generateServiceToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashServiceToken(token) };
}

export function generateSigningSecret(): string {
  return 'css_' + randomBytes(32).toString('base64url');
}

export function hashServiceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeServiceToken(value: string): boolean {
  return TOKEN_RE.test(value);
}

/** Constant-time equality of two hex digests of the same length. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** `Authorization: Bearer <token>` → the token, or null when absent or malformed. */
export function bearerToken(header: string | null): string | null {
  const m = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? '');
  return m?.[1] ?? null;
}
