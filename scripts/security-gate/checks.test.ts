import { describe, expect, it } from 'vitest';
import { buildCsp } from '@/lib/security/csp';
import { securityHeaders } from '@/lib/security/headers';
import { evaluateCsp } from './csp-check';
import { headerProblems } from './header-check';

const NONCE = 'q83vEjRWeJq83vEjRWeJqw==';

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

const ours = lower(securityHeaders({ csp: buildCsp({ nonce: NONCE, isDevelopment: false }), requestId: 'req-12345678', secureOrigin: true, noStore: true }));

describe('headerProblems', () => {
  it('accepts the header set middleware sends over TLS to a signed-in page', () => {
    expect(headerProblems(ours, { overTls: true, signedIn: true, api: false })).toEqual([]);
  });

  it('names every missing or weakened header', () => {
    const weakened = { ...ours, 'x-frame-options': 'SAMEORIGIN', 'x-powered-by': 'Next.js', 'cache-control': 'public' };
    delete (weakened as Record<string, string | undefined>)['strict-transport-security'];
    expect(headerProblems(weakened, { overTls: true, signedIn: true, api: false })).toEqual([
      'x-frame-options is SAMEORIGIN, expected DENY',
      'x-powered-by is present',
      'strict-transport-security missing over TLS',
      'HSTS max-age 0 is below one year',
      'cache-control is public, expected no-store',
    ]);
  });

  it("refuses a CSP that allows inline or eval'd script, or lacks the nonce", () => {
    const csp = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; report-uri /api/csp-report";
    const problems = headerProblems({ ...ours, 'content-security-policy': csp }, { overTls: true, signedIn: false, api: false });
    expect(problems).toEqual([
      'CSP script-src has no nonce of at least 128 bits',
      "CSP script-src lacks 'strict-dynamic'",
      "CSP script-src allows 'unsafe-inline'",
      "CSP script-src allows 'unsafe-eval'",
    ]);
  });
});

describe('evaluateCsp', () => {
  it('finds nothing high or medium in the production policy', () => {
    expect(evaluateCsp(buildCsp({ nonce: NONCE, isDevelopment: false })).blocking).toEqual([]);
  });

  it('blocks a policy with unsafe-inline scripts and no object-src', () => {
    const { blocking } = evaluateCsp("script-src 'unsafe-inline' https:; default-src *");
    expect(blocking.map((f) => f.severity)).toContain('HIGH');
  });
});
