/**
 * Per-request CSP nonce from Web Crypto (works on the Edge and Node runtimes). 144 random
 * bits: above the 128-bit floor CSP evaluators expect, and a multiple of 3 bytes so the
 * base64 has no `=` padding.
 */
export const NONCE_BYTES = 18;

const BASE64_NONCE = /^[A-Za-z0-9+/]{22,}={0,2}$/;

export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A nonce goes into a header value: only base64 characters, so nothing can break out of it. */
export function isValidNonce(nonce: string): boolean {
  return BASE64_NONCE.test(nonce);
}
