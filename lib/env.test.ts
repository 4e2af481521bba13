import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

const strongSecret = 'a3f9c2e17b5d48e0916f2c4b7d8e3a1f5c6b9d0e2f4a7c8b1d3e5f7a9c0b2d4e';
const productionBase = {
  APP_ENV: 'production',
  DATABASE_URL: 'postgres://app@db.internal:5432/countersign',
  PUBLIC_ORIGIN: 'https://console.example.com',
  SESSION_SECRET: strongSecret,
  AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIF3n\n-----END PRIVATE KEY-----',
  PII_KEYS: `v1:${Buffer.alloc(32, 1).toString('base64')}`,
  PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
}

describe('configuration', () => {
  it('accepts a complete production configuration', () => {
    const e = parseEnv(productionBase);
    expect(e.isProductionLike).toBe(true);
    expect(e.rpId).toBe('console.example.com');
    expect(e.seedDemoData).toBe(false);
  });

  it('names every missing secret in production at once', () => {
    const problems = problemsOf({ APP_ENV: 'production', PUBLIC_ORIGIN: 'https://c.example.com' });
    expect(problems.join('\n')).toMatch(/SESSION_SECRET is missing/);
    expect(problems.join('\n')).toMatch(/AUDIT_SIGNING_KEY is missing/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL is missing/);
  });

  it('refuses a weak session secret, plain http, demo data and a long idle timeout in production', () => {
    const problems = problemsOf({ ...productionBase, SESSION_SECRET: 'changeme-changeme-changeme-changeme', PUBLIC_ORIGIN: 'http://console.example.com', SEED_DEMO_DATA: 'true', SESSION_IDLE_SECONDS: '1800' });
    expect(problems).toHaveLength(4);
  });

  it('treats staging like production', () => {
    expect(problemsOf({ APP_ENV: 'staging' }).length).toBeGreaterThanOrEqual(3);
  });

  it('generates development secrets once and reuses them', () => {
    const dir = `.data/test-env-${process.pid}`;
    const a = parseEnv({ APP_ENV: 'development', DATA_DIR: dir });
    const b = parseEnv({ APP_ENV: 'development', DATA_DIR: dir });
    expect(a.sessionSecret).toHaveLength(64);
    expect(a.sessionSecret).toBe(b.sessionSecret);
    expect(a.auditSigningKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(a.seedDemoData).toBe(true);
  });

  it('applies production rules to a production build without APP_ENV, and says why', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://c.example.com' });
    expect(problems[0]).toMatch(/APP_ENV is not set in a production build/);
    expect(problems.join('\n')).toMatch(/SESSION_SECRET is missing/);
    const { APP_ENV: _unset, ...complete } = productionBase;
    const e = parseEnv({ ...complete, NODE_ENV: 'production' });
    expect(e).toMatchObject({ appEnv: 'production', isProductionLike: true, seedDemoData: false });
  });

  it('keeps development the default outside a production build', () => {
    const dir = `.data/test-env-${process.pid}`;
    expect(parseEnv({ DATA_DIR: dir }).appEnv).toBe('development');
    expect(parseEnv({ DATA_DIR: dir, NODE_ENV: 'development' }).appEnv).toBe('development');
  });

  it('rejects an unknown APP_ENV', () => {
    expect(problemsOf({ APP_ENV: 'prod' })[0]).toMatch(/APP_ENV/);
  });

  it('takes TRUSTED_PROXIES only with TRUST_PROXY, and names a bad entry', () => {
    const e = parseEnv({ ...productionBase, TRUST_PROXY: 'true', TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16, fd00::/8' });
    expect(e.trustProxy).toBe(true);
    expect(e.trustedProxies?.entries).toEqual(['10.0.0.5/32', '10.1.0.0/16', 'fd00::/8']);
    expect(parseEnv({ ...productionBase, TRUST_PROXY: 'true' }).trustedProxies).toBeNull();
    expect(problemsOf({ ...productionBase, TRUSTED_PROXIES: '10.0.0.5' })).toEqual([
      'TRUSTED_PROXIES is set but TRUST_PROXY is not: set TRUST_PROXY=true as well, or remove TRUSTED_PROXIES',
    ]);
    expect(problemsOf({ ...productionBase, TRUST_PROXY: 'true', TRUSTED_PROXIES: 'lb.internal' })).toEqual([
      'TRUSTED_PROXIES: "lb.internal" is not an IPv4/IPv6 address or CIDR block',
    ]);
  });
});
