import { describe, expect, it } from 'vitest';
import { acceptOrCreateRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('acceptOrCreateRequestId', () => {
  it.each(['abcdefgh', 'req-123.456:789_x', 'A'.repeat(64), '0f8fad5b-d9cb-469f-a165-70867728950e'])(
    'keeps the safe incoming id %s',
    (id) => {
      expect(acceptOrCreateRequestId(id)).toBe(id);
    },
  );

  it.each([
    ['too short', 'abc1234'],
    ['too long', 'A'.repeat(65)],
    ['a space', 'abc def ghi'],
    ['a newline (log injection)', 'abcdefgh\nlevel=error'],
    ['a quote', 'abcdefgh"'],
    ['a slash', 'abc/defgh'],
    ['non-ASCII', 'abcdefgé'],
    ['empty', ''],
  ])('replaces an id with %s by a fresh UUID', (_label, id) => {
    const out = acceptOrCreateRequestId(id);
    expect(out).not.toBe(id);
    expect(out).toMatch(UUID);
  });

  it('generates a UUID when none was sent', () => {
    expect(acceptOrCreateRequestId(null)).toMatch(UUID);
    expect(acceptOrCreateRequestId(undefined)).not.toBe(acceptOrCreateRequestId(undefined));
  });
});
