import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, normaliseAuditFilter, parseAuditFilter, parseIpFilter } from './audit-filter';
import { escapeLike } from './audit-filter-sql';

const invalid = (raw: unknown) => {
  try {
    parseAuditFilter(raw);
  } catch (e) {
    return e;
  }
  throw new Error('expected a validation error');
};

describe('audit filter parsing', () => {
  it('reads URL search params, treating empty values as unset, with limit 50 and the main chain by default', () => {
    const f = parseAuditFilter(new URLSearchParams('actor=&action=auth.sign_in.failed&result=failure'));
    expect(f).toMatchObject({ action: 'auth.sign_in.failed', result: 'failure', limit: 50, chain: 'main' });
    expect(f.actor).toBeUndefined();
  });

  it.each([
    [{ limit: '0' }], [{ limit: '201' }], [{ limit: 'ten' }], [{ action: 'x', category: 'auth' }], [{ action: 'DROP TABLE' }],
    [{ targetId: 'abc' }], [{ preset: '24h', from: '2026-01-01T00:00:00Z' }], [{ preset: '1y' }], [{ from: 'yesterday' }],
    [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }], [{ q: 'x'.repeat(101) }], [{ cursor: '!!' }],
    [{ cursor: encodeCursor(0) }], [{ ip: '10.0.0.0/33' }], [{ ip: '2001:db8::/129' }], [{ ip: 'example.com' }], [{ ip: '10.0.0.1/8/8' }],
    [{ unknown: '1' }], [{ q: 'a\u0000b' }], [{ actor: 'a\u0000b' }], [{ requestId: 'r\u001b1' }], [{ targetType: 'x', targetId: 'a\u0000' }],
  ])('rejects %j with a 422 validation error', (raw) => {
    expect(invalid(raw)).toMatchObject({ code: 'VALIDATION', status: 422 });
  });

  it('accepts IPv4 and IPv6 addresses and CIDR blocks', () => {
    expect(parseIpFilter('203.0.113.9')).toEqual({ kind: 'exact', address: '203.0.113.9' });
    expect(parseIpFilter('203.0.113.0/24')).toEqual({ kind: 'cidr', network: '203.0.113.0/24' });
    expect(parseIpFilter('[2001:db8::1]')).toEqual({ kind: 'exact', address: '2001:db8::1' });
    expect(parseIpFilter('2001:db8::/32')).toEqual({ kind: 'cidr', network: '2001:db8::/32' });
  });

  it('round-trips an opaque cursor and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor(12345))).toBe(12345);
    expect(decodeCursor(Buffer.from('-1').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('1e9').toString('base64url'))).toBeNull();
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('normalises a filter without its paging, so every page of one view hashes the same', () => {
    const a = normaliseAuditFilter(parseAuditFilter({ result: 'denied', preset: '7d' }));
    const b = normaliseAuditFilter(parseAuditFilter({ preset: '7d', result: 'denied', cursor: encodeCursor(9), limit: '10' }));
    const c = normaliseAuditFilter(parseAuditFilter({ result: 'failure', preset: '7d' }));
    expect(a).toEqual(b);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.hash).not.toBe(a.hash);
  });
});
