import { describe, expect, it } from 'vitest';
import { CryptoError } from './crypto-error';
import { decryptField, encryptField, encryptOptionalField, reencryptField } from './encrypt-field';
import { envelopeKeyId, parseEnvelope } from './envelope';
import { testKeyring } from './test-keyring';

const ctx = { table: 'customers', column: 'email_enc', rowId: '0b7c1f1e-7a57-4d1c-9a5e-3f0c2b8e6d11' };
const v1 = testKeyring(['v1']);

function flipByte(envelope: string, index: (bytes: Buffer) => number): string {
  const prefix = envelope.slice(0, envelope.lastIndexOf(':') + 1);
  const bytes = Buffer.from(envelope.slice(prefix.length), 'base64url');
  const i = index(bytes);
  bytes[i] = bytes[i]! ^ 0x01;
  return prefix + bytes.toString('base64url');
}

function cryptoErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CryptoError) return e.code;
    throw e;
  }
  throw new Error('expected a CryptoError');
}

describe('PII field encryption (AES-256-GCM)', () => {
  it('round-trips text, including non-ASCII and the empty string', () => {
    for (const plaintext of ['jane@example.com', 'Zoë Ångström — 東京', '']) {
      const envelope = encryptField({ ...ctx, plaintext }, v1);
      expect(decryptField({ ...ctx, envelope }, v1)).toBe(plaintext);
    }
  });

  it('stores the key id, a 96-bit IV and a 128-bit tag, and never the plaintext', () => {
    const envelope = encryptField({ ...ctx, plaintext: 'jane@example.com' }, v1);
    expect(envelope).toMatch(/^enc:v1:v1:[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain('jane');
    const e = parseEnvelope(envelope);
    expect(e.iv).toHaveLength(12);
    expect(e.tag).toHaveLength(16);
    expect(e.ciphertext).toHaveLength('jane@example.com'.length);
  });

  it('uses a fresh IV every time: the same value encrypts differently', () => {
    const a = encryptField({ ...ctx, plaintext: 'same' }, v1);
    const b = encryptField({ ...ctx, plaintext: 'same' }, v1);
    expect(a).not.toBe(b);
    expect(parseEnvelope(a).iv.equals(parseEnvelope(b).iv)).toBe(false);
  });

  it.each([
    ['the IV', (_b: Buffer) => 0],
    ['the ciphertext', (_b: Buffer) => 12],
    ['the tag', (b: Buffer) => b.length - 1],
  ])('fails loudly when a byte of %s is flipped', (_label, index) => {
    const envelope = encryptField({ ...ctx, plaintext: 'jane@example.com' }, v1);
    expect(cryptoErrorCode(() => decryptField({ ...ctx, envelope: flipByte(envelope, index) }, v1))).toBe('TAMPERED');
  });

  it.each([
    ['another row id', { rowId: '5d7e2c44-0000-4000-8000-000000000000' }],
    ['another column', { column: 'phone_enc' }],
    ['another table', { table: 'staff' }],
  ])('refuses a ciphertext moved to %s (AAD binding)', (_label, change) => {
    const envelope = encryptField({ ...ctx, plaintext: 'jane@example.com' }, v1);
    expect(cryptoErrorCode(() => decryptField({ ...ctx, ...change, envelope }, v1))).toBe('TAMPERED');
  });

  it('refuses a truncated tag rather than checking fewer bytes', () => {
    const envelope = encryptField({ ...ctx, plaintext: 'jane@example.com' }, v1);
    const prefix = envelope.slice(0, envelope.lastIndexOf(':') + 1);
    const bytes = Buffer.from(envelope.slice(prefix.length), 'base64url');
    const truncated = prefix + bytes.subarray(0, bytes.length - 4).toString('base64url');
    expect(cryptoErrorCode(() => decryptField({ ...ctx, envelope: truncated }, v1))).toBe('TAMPERED');
  });

  it('refuses an unknown key id and malformed envelopes', () => {
    const envelope = encryptField({ ...ctx, plaintext: 'x' }, testKeyring(['v9']));
    expect(cryptoErrorCode(() => decryptField({ ...ctx, envelope }, v1))).toBe('UNKNOWN_KEY');
    for (const bad of ['jane@example.com', 'enc:v1:v1:', 'enc:v1:v1:AAAA', 'enc:v2:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'enc:v1:bad key:AAAA']) {
      expect(cryptoErrorCode(() => decryptField({ ...ctx, envelope: bad }, v1))).toBe('MALFORMED');
    }
  });

  it('a key swapped in the header does not open the data', () => {
    const both = testKeyring(['v1', 'v2'], 'v1');
    const envelope = encryptField({ ...ctx, plaintext: 'secret' }, both);
    const relabelled = envelope.replace('enc:v1:v1:', 'enc:v1:v2:');
    expect(cryptoErrorCode(() => decryptField({ ...ctx, envelope: relabelled }, both))).toBe('TAMPERED');
  });
});

describe('key versions', () => {
  it('writes with the active key and still reads older keys', () => {
    const old = encryptField({ ...ctx, plaintext: 'old value' }, testKeyring(['v1']));
    const rotated = testKeyring(['v1', 'v2']);
    const fresh = encryptField({ ...ctx, plaintext: 'new value' }, rotated);
    expect(envelopeKeyId(old)).toBe('v1');
    expect(envelopeKeyId(fresh)).toBe('v2');
    expect(decryptField({ ...ctx, envelope: old }, rotated)).toBe('old value');
  });

  it('re-encrypts onto the active key and leaves already-current fields untouched', () => {
    const rotated = testKeyring(['v1', 'v2']);
    const old = encryptField({ ...ctx, plaintext: 'value' }, testKeyring(['v1']));
    const moved = reencryptField({ ...ctx, envelope: old }, rotated);
    expect(envelopeKeyId(moved)).toBe('v2');
    expect(decryptField({ ...ctx, envelope: moved }, testKeyring(['v2']))).toBe('value');
    expect(reencryptField({ ...ctx, envelope: moved }, rotated)).toBe(moved);
  });

  it('an absent optional value stays null', () => {
    expect(encryptOptionalField({ ...ctx, plaintext: null }, v1)).toBeNull();
    expect(encryptOptionalField({ ...ctx, plaintext: undefined }, v1)).toBeNull();
  });
});
