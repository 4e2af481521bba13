import { describe, expect, it } from 'vitest';
import { challengeOf } from './challenge-store';

const responseWith = (clientData: unknown) => ({ response: { clientDataJSON: Buffer.from(JSON.stringify(clientData)).toString('base64url') } });

describe('challengeOf', () => {
  it('reads a base64url challenge from clientDataJSON', () => {
    const challenge = Buffer.alloc(32, 7).toString('base64url');
    expect(challengeOf(responseWith({ type: 'webauthn.get', challenge }))).toBe(challenge);
  });

  it.each([
    ['a NUL byte (PostgreSQL text cannot hold it; the query failed with its text in the answer)', 'x\u0000yyyyyyyyyyyyyyyyyy'],
    ['characters outside base64url', "abc' or 1=1 --aaaaaaaa"],
    ['a too short value', 'abc'],
    ['a too long value', 'a'.repeat(129)],
  ])('refuses %s as a malformed response, before any database access', (_name, challenge) => {
    expect(() => challengeOf(responseWith({ challenge }))).toThrow(expect.objectContaining({ code: 'PASSKEY_REJECTED', message: 'The passkey response is malformed.' }));
  });
});
