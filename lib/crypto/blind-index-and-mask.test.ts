import { describe, expect, it } from 'vitest';
import { blindIndex, normaliseEmail, normalisePhone } from './blind-index';
import { maskAddress, maskDateOfBirth, maskEmail, maskName, maskPhone } from './mask-pii';
import { testKeyring } from './test-keyring';

const ring = testKeyring(['v1']);

describe('blind index', () => {
  it('matches the same email however it is written', () => {
    expect(blindIndex('email', '  Jane@Example.COM ', ring)).toBe(blindIndex('email', 'jane@example.com', ring));
    expect(blindIndex('email', 'jane@example.com', ring)).not.toBe(blindIndex('email', 'john@example.com', ring));
  });

  it('matches the same phone number with or without spacing, and "00" as "+"', () => {
    const a = blindIndex('phone', '+44 20 7946 0958', ring);
    expect(blindIndex('phone', '+442079460958', ring)).toBe(a);
    expect(blindIndex('phone', '0044 (20) 7946-0958', ring)).toBe(a);
    expect(normalisePhone('+1 (555) 123-4567')).toBe('+15551234567');
    expect(normaliseEmail(' A@B.C ')).toBe('a@b.c');
  });

  it('depends on the blind-index key and the kind, and does not contain the value', () => {
    const other = { ...ring, blindIndexKey: Buffer.alloc(32, 'other') };
    expect(blindIndex('email', 'jane@example.com', other)).not.toBe(blindIndex('email', 'jane@example.com', ring));
    expect(blindIndex('phone', '12345', ring)).not.toBe(blindIndex('email', '12345', ring));
    expect(blindIndex('email', 'jane@example.com', ring)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('masking', () => {
  it.each([
    ['jane@example.com', 'j•••@e•••.com'],
    ['a.b@mail.example.co.uk', 'a•••@m•••.uk'],
    ['not-an-email', '•••'],
  ])('masks email %s as %s', (input, out) => expect(maskEmail(input)).toBe(out));

  it('masks the rest of the PII', () => {
    expect(maskPhone('+44 20 7946 0958')).toBe('+•• ••• •••58');
    expect(maskPhone('020 7946 0958')).toBe('•• ••• •••58');
    expect(maskName('Jane Q. Doe')).toBe('J••• Q••• D•••');
    expect(maskAddress('1 Main Street, London, gb')).toBe('•••, GB');
    expect(maskAddress('1 Main Street, London SW1A 1AA')).toBe('•••');
    expect(maskDateOfBirth('1985-04-12')).toBe('1985-••-••');
    expect(maskDateOfBirth('12/04/1985')).toBe('•••');
  });
});
