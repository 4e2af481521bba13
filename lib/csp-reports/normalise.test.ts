import { describe, expect, it } from 'vitest';
import { describeUri, fingerprintOf, normaliseViolation } from './normalise';
import { parseCspReportPayload } from './schema';

describe('describeUri', () => {
  it('drops query strings and fragments that may carry tokens', () => {
    expect(describeUri('https://cdn.example/lib.js?token=secret#frag')).toEqual({
      stored: 'https://cdn.example/lib.js',
      key: 'https://cdn.example',
      path: '/lib.js',
    });
  });

  it('masks one-time tokens in setup and invite paths', () => {
    expect(describeUri('https://console.example/setup/AbC123secret').stored).toBe('https://console.example/setup/[token]');
    expect(describeUri('https://console.example/invite/tok/extra?x=1').path).toBe('/invite/[token]/extra');
  });

  it('keeps keywords and reduces data:/blob: URIs to their scheme', () => {
    expect(describeUri('inline')).toMatchObject({ stored: 'inline', key: 'inline' });
    expect(describeUri('eval').key).toBe('eval');
    expect(describeUri('data:text/javascript;base64,YWxlcnQoMSk=')).toMatchObject({ stored: 'data', key: 'data' });
    expect(describeUri('blob:https://console.example/0c3e-11').key).toBe('blob');
    expect(describeUri('')).toMatchObject({ stored: '(none)' });
    expect(describeUri('::not a url::').stored).toBe('(invalid)');
  });
});

describe('fingerprint', () => {
  const base = {
    documentUri: 'https://console.example/staff?page=1',
    effectiveDirective: 'script-src-elem',
    blockedUri: 'https://evil.example/a.js?x=1',
    sourceFile: null,
    lineNumber: null,
    disposition: 'enforce' as const,
  };

  it('is SHA-256 of directive, blocked origin and document path', () => {
    expect(normaliseViolation(base).fingerprint).toBe(fingerprintOf('script-src-elem', 'https://evil.example', '/staff'));
    expect(normaliseViolation(base).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('groups by blocked origin and ignores queries', () => {
    const a = normaliseViolation(base).fingerprint;
    const b = normaliseViolation({ ...base, blockedUri: 'https://evil.example/other.js', documentUri: 'https://console.example/staff?page=2' }).fingerprint;
    expect(a).toBe(b);
    expect(normaliseViolation({ ...base, documentUri: 'https://console.example/roles' }).fingerprint).not.toBe(a);
    expect(normaliseViolation({ ...base, effectiveDirective: 'style-src-elem' }).fingerprint).not.toBe(a);
  });
});

describe('parseCspReportPayload', () => {
  it('reads the legacy report-uri shape, falling back to violated-directive', () => {
    const [v] = parseCspReportPayload({
      'csp-report': { 'document-uri': 'https://c.example/', 'violated-directive': "script-src 'self'", 'blocked-uri': 'inline', extra: 1 },
    });
    expect(v).toMatchObject({ effectiveDirective: 'script-src', blockedUri: 'inline', disposition: 'enforce' });
  });

  it('reads Reporting API batches and ignores other report types', () => {
    const out = parseCspReportPayload([
      { type: 'deprecation', body: { id: 'x' } },
      { type: 'csp-violation', url: 'https://c.example/', body: { documentURL: 'https://c.example/', effectiveDirective: 'img-src', blockedURL: 'https://x.example/p.png', disposition: 'report' } },
    ]);
    expect(out).toEqual([
      expect.objectContaining({ effectiveDirective: 'img-src', blockedUri: 'https://x.example/p.png', disposition: 'report' }),
    ]);
  });

  it.each([
    ['an empty object', {}],
    ['a string', 'hello'],
    ['a legacy report without document-uri', { 'csp-report': { 'blocked-uri': 'inline' } }],
    ['a bogus directive', { 'csp-report': { 'document-uri': 'https://c.example/', 'effective-directive': 'script-src; x' } }],
    ['an empty batch', []],
    ['a CSP entry without a body', [{ type: 'csp-violation' }]],
    ['a negative line number', [{ type: 'csp-violation', body: { documentURL: 'https://c.example/', effectiveDirective: 'img-src', lineNumber: -1 } }]],
  ])('refuses %s', (_label, payload) => {
    expect(() => parseCspReportPayload(payload)).toThrow();
  });
});
