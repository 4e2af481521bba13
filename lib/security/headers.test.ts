import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, HSTS_VALUE, PERMISSIONS_POLICY, securityHeaders } from './headers';

const base = { csp: "default-src 'self'", requestId: 'req-12345678', secureOrigin: false, noStore: false };

describe('securityHeaders', () => {
  it('always sends the fixed set', () => {
    const h = securityHeaders(base);
    expect(h).toMatchObject({
      'Content-Security-Policy': "default-src 'self'",
      'Reporting-Endpoints': 'csp="/api/csp-report"',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'x-request-id': 'req-12345678',
    });
  });

  it('sends HSTS only for an https public origin', () => {
    expect(securityHeaders(base)).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ ...base, secureOrigin: true })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
    expect(HSTS_VALUE).toBe('max-age=63072000; includeSubDomains');
  });

  it('sends Cache-Control: no-store only when asked', () => {
    expect(securityHeaders(base)).not.toHaveProperty('Cache-Control');
    expect(securityHeaders({ ...base, noStore: true })['Cache-Control']).toBe('no-store');
  });

  it('denies powerful features and allows passkeys for self', () => {
    const features = new Map(PERMISSIONS_POLICY.split(', ').map((f) => f.split('=') as [string, string]));
    for (const denied of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'browsing-topics']) {
      expect(features.get(denied), denied).toBe('()');
    }
    expect(features.get('publickey-credentials-get')).toBe('(self)');
    expect(features.get('publickey-credentials-create')).toBe('(self)');
  });

  it('applies onto a Headers object, replacing what was there', () => {
    const target = new Headers({ 'X-Frame-Options': 'SAMEORIGIN' });
    applySecurityHeaders(target, base);
    expect(target.get('x-frame-options')).toBe('DENY');
  });
});
