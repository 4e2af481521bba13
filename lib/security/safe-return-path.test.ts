import { describe, expect, it } from 'vitest';
import { MAX_RETURN_PATH_LENGTH, safeReturnPath } from './safe-return-path';

describe('safeReturnPath', () => {
  it.each([
    ['/', '/'],
    ['/staff', '/staff'],
    ['/staff?status=active&page=2', '/staff?status=active&page=2'],
    ['/settings/security#passkeys', '/settings/security'],
    ['/a/../staff', '/staff'],
    ['/transactions/%E2%82%AC', '/transactions/%E2%82%AC'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    'staff',
    '',
    ' /staff',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/staff\u0000',
    '/staff\u007f',
    '/staff\u0085',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5Cevil.example',
    '/%5c%5cevil.example',
    '/staff?x=%0d%0aSet-Cookie:a=b',
    '/%E0%A4%A', // malformed escape
    '/login',
    '/login?next=/staff',
    `/${'a'.repeat(MAX_RETURN_PATH_LENGTH)}`,
  ])('refuses %j', (input) => {
    expect(safeReturnPath(input)).toBe('/');
  });

  it('refuses non-strings', () => {
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath(['/staff'])).toBe('/');
    expect(safeReturnPath({ toString: () => '/staff' })).toBe('/');
  });

  it('uses the given fallback', () => {
    expect(safeReturnPath('//evil.example', '/home')).toBe('/home');
  });

  it('accepts a path exactly at the length limit', () => {
    const path = `/${'a'.repeat(MAX_RETURN_PATH_LENGTH - 1)}`;
    expect(safeReturnPath(path)).toBe(path);
  });
});
