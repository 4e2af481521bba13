/** Random tokens and their hashes: one-time links and challenges are stored only as SHA-256. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

export function sha256(input: string | Uint8Array): Buffer {
  return createHash('sha256').update(input).digest();
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One-time link tokens are 43 base64url characters; anything else is refused before a lookup. */
export const ZLinkToken = /^[A-Za-z0-9_-]{43}$/;
