import { describe, expect, it } from 'vitest';
import { createNonce, isValidNonce, NONCE_BYTES } from './nonce';

describe('createNonce', () => {
  it('is base64 of at least 128 random bits', () => {
    const nonce = createNonce();
    expect(NONCE_BYTES * 8).toBeGreaterThanOrEqual(128);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(NONCE_BYTES);
    expect(isValidNonce(nonce)).toBe(true);
  });

  it('is different every time (10 000 draws, no repeats)', () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => createNonce()));
    expect(seen.size).toBe(10_000);
  });

  it('uses every bit position (no constant bytes across draws)', () => {
    const orAll = new Uint8Array(NONCE_BYTES);
    const andAll = new Uint8Array(NONCE_BYTES).fill(0xff);
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(createNonce(), 'base64');
      bytes.forEach((b, j) => {
        orAll[j]! |= b;
        andAll[j]! &= b;
      });
    }
    expect([...orAll].every((b) => b === 0xff)).toBe(true);
    expect([...andAll].every((b) => b === 0)).toBe(true);
  });
});
