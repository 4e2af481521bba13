import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

const base = { APP_ENV: 'test', DATA_DIR: '.data/test' };

describe('webhook configuration', () => {
  it('is off by default: no URL, no secret, the documented retry settings', () => {
    expect(parseEnv(base).webhook).toEqual({ url: null, secret: null, maxAttempts: 8, pollSeconds: 10, backoffSeconds: 30 });
  });

  it('refuses a webhook URL without a strong enough secret to sign with', () => {
    expect(() => parseEnv({ ...base, WEBHOOK_URL: 'http://localhost:4000/hook' })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, WEBHOOK_URL: 'http://localhost:4000/hook', WEBHOOK_SECRET: 'short' })).toThrow(/WEBHOOK_SECRET/);
    const ok = parseEnv({ ...base, WEBHOOK_URL: 'http://localhost:4000/hook', WEBHOOK_SECRET: 'k'.repeat(32), OUTBOX_MAX_ATTEMPTS: '3' });
    expect(ok.webhook).toMatchObject({ url: 'http://localhost:4000/hook', secret: 'k'.repeat(32), maxAttempts: 3 });
  });

  it('refuses a plain-http webhook in production', () => {
    const prod = {
      APP_ENV: 'production', DATABASE_URL: 'postgres://db/x', PUBLIC_ORIGIN: 'https://cs.example', SESSION_SECRET: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8', AUDIT_SIGNING_KEY: 'x',
      WEBHOOK_URL: 'http://hooks.example/in', WEBHOOK_SECRET: 'k'.repeat(40),
    };
    expect(() => parseEnv(prod)).toThrow(/WEBHOOK_URL must be https/);
  });
});
