import { describe, expect, it } from 'vitest';
import { buildCsp, CSP_REPORT_PATH, REPORTING_ENDPOINTS } from './csp';
import { createNonce } from './nonce';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('buildCsp', () => {
  const nonce = 'AAAAAAAAAAAAAAAAAAAAAAAA';

  it('builds the exact production policy', () => {
    expect(buildCsp({ nonce, isDevelopment: false })).toBe(
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        'report-uri /api/csp-report',
        'report-to csp',
      ].join('; '),
    );
  });

  it('adds unsafe-eval to scripts and unsafe-inline to styles only in development', () => {
    const d = directives(buildCsp({ nonce, isDevelopment: true }));
    expect(d.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    // No style nonce in development: a nonce would make the browser ignore 'unsafe-inline'.
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('never allows eval or inline scripts/styles outside development', () => {
    const csp = buildCsp({ nonce, isDevelopment: false });
    const d = directives(csp);
    expect(csp).not.toContain('unsafe-eval');
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(d.get('style-src')).not.toContain("'unsafe-inline'");
    expect(d.get('default-src')).toEqual(["'self'"]);
  });

  it('puts script-src first among script directives so Next finds the nonce there', () => {
    const first = buildCsp({ nonce, isDevelopment: false }).split('; ').find((d) => d.startsWith('script-src'));
    expect(first).toContain(`'nonce-${nonce}'`);
  });

  it('refuses a nonce that could break out of the header value', () => {
    expect(() => buildCsp({ nonce: "abc'; script-src *", isDevelopment: false })).toThrow();
    expect(() => buildCsp({ nonce: 'short', isDevelopment: false })).toThrow();
  });

  it('accepts real nonces and names the report endpoint for report-to', () => {
    expect(() => buildCsp({ nonce: createNonce(), isDevelopment: false })).not.toThrow();
    expect(REPORTING_ENDPOINTS).toBe(`csp="${CSP_REPORT_PATH}"`);
  });
});
