import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED, redactSensitiveFields } from './redact-sensitive-fields';

describe('redactSensitiveFields', () => {
  it('redacts secrets, credentials and personal data wherever they are nested', () => {
    const input = {
      id: 'staff-1',
      email: 'a@example.com',
      profile: { phoneNumber: '+44 20 7946 0000', homeAddress: '1 High St', dob: '1990-01-01' },
      credentials: [{ publicKey: 'pQEC…', signCount: 3 }, { access_token: 'abc', refreshToken: 'def' }],
      card: { pan: '4111111111111111', cvv: '123', expiryMonth: 12 },
      sessionSecret: 'x',
      password: 'hunter2',
      challenge: 'c',
      signature: 's',
      status: 'active',
    };
    expect(redactSensitiveFields(input)).toEqual({
      id: 'staff-1',
      email: REDACTED,
      profile: { phoneNumber: REDACTED, homeAddress: REDACTED, dob: REDACTED },
      credentials: [{ publicKey: REDACTED, signCount: 3 }, { access_token: REDACTED, refreshToken: REDACTED }],
      card: REDACTED,
      sessionSecret: REDACTED,
      password: REDACTED,
      challenge: REDACTED,
      signature: REDACTED,
      status: 'active',
    });
  });

  it("redacts a staff member's email in before/after snapshots", () => {
    const after = { id: 's1', name: 'Ada Lovelace', email: 'ada@example.com', roles: ['administrator'] };
    expect(redactSensitiveFields(after)).toEqual({ id: 's1', name: REDACTED, email: REDACTED, roles: ['administrator'] });
  });

  it('redacts customer and cardholder names in every spelling', () => {
    for (const key of ['customerName', 'customer_name', 'fullName', 'first_name', 'lastName', 'cardholderName', 'legal-name']) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
  });

  it('keeps label-like names when person names are switched off (a passkey called "Work laptop")', () => {
    expect(redactSensitiveFields({ name: 'Work laptop' }, { redactPersonNames: false })).toEqual({ name: 'Work laptop' });
    expect(redactSensitiveFields({ name: 'Work laptop', email: 'x@y.z' }, { redactPersonNames: false }).email).toBe(REDACTED);
  });

  it('leaves ordinary fields alone (no false positives on look-alike words)', () => {
    for (const key of ['status', 'role', 'passkeyId', 'discard', 'dashboard', 'pinned', 'company', 'reason', 'count', 'keyId']) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });

  it('keeps nulls (nothing to hide) and does not modify the input', () => {
    const input = { token: null, nested: { secret: 'x' } };
    const out = redactSensitiveFields(input);
    expect(out).toEqual({ token: null, nested: { secret: REDACTED } });
    expect(input.nested.secret).toBe('x');
  });
});
