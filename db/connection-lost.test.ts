import { describe, expect, it } from 'vitest';
import { isConnectionLost } from './connection-lost';

const withCode = (code: string, cause?: unknown) => Object.assign(new Error('x'), { code }, cause === undefined ? {} : { cause });

describe('isConnectionLost', () => {
  it.each(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', '08006', '08003', '57P01'])('is true for %s', (code) => {
    expect(isConnectionLost(withCode(code))).toBe(true);
  });

  it('looks through wrapping errors (drizzle puts the driver error in `cause`)', () => {
    expect(isConnectionLost(new Error('Failed query', { cause: withCode('CONNECTION_CLOSED') }))).toBe(true);
    expect(isConnectionLost(withCode('DRIZZLE', withCode('wrapper', withCode('57P01'))))).toBe(true);
  });

  it.each([['a unique violation', withCode('23505')], ['a serialization failure', withCode('40001')], ['a plain error', new Error('boom')], ['a string', 'CONNECTION_CLOSED'], ['null', null]])(
    'is false for %s',
    (_, e) => {
      expect(isConnectionLost(e)).toBe(false);
    },
  );

  it('stops on a cause cycle', () => {
    const a = withCode('23505') as Error & { cause?: unknown };
    a.cause = a;
    expect(isConnectionLost(a)).toBe(false);
  });
});
