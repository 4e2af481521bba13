import { describe, expect, it } from 'vitest';
import { isApiPath, isPublicPath } from './route-classes';

describe('isPublicPath', () => {
  it.each([
    '/login',
    '/setup/abc123',
    '/invite/tok',
    '/api/auth/session',
    '/api/auth/callback/passkey',
    '/api/passkeys/authenticate/options',
    '/api/passkeys/register/verify',
    '/api/health',
    '/api/ready',
    '/api/csp-report',
    '/api/audit/public-key',
    '/api/v1/transactions',
    '/robots.txt',
    '/icons/logo.svg',
    '/fonts/inter.woff2',
    '/_next/data/build/x.json',
  ])('lets %s through without a session', (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    '/',
    '/staff',
    '/settings/security',
    '/loginx',
    '/login-as-admin',
    '/setupx',
    '/api/me',
    '/api/healthz',
    '/api/passkeys',
    '/api/passkeys/manage',
    '/api/audit/events',
    '/api/v1x',
    '/api/export.csv',
    '/api/auth-admin',
    '/staff/report.txt/../secret',
  ])('gates %s', (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});

describe('isApiPath', () => {
  it('classifies API and page paths', () => {
    expect(isApiPath('/api')).toBe(true);
    expect(isApiPath('/api/me')).toBe(true);
    expect(isApiPath('/apiary')).toBe(false);
    expect(isApiPath('/staff')).toBe(false);
  });
});
