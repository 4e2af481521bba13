import { afterEach, describe, expect, it, vi } from 'vitest';
import { edgeConfig, parseEdgeConfig } from './edge-config';

describe('parseEdgeConfig', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('treats an unset APP_ENV as development, like lib/env.ts', () => {
    expect(parseEdgeConfig({}).isDevelopment).toBe(true);
  });

  it('is strict for a production build without APP_ENV (as lib/env.ts assumes production there)', () => {
    expect(parseEdgeConfig({ NODE_ENV: 'production' }).isDevelopment).toBe(false);
    expect(parseEdgeConfig({ NODE_ENV: 'development' }).isDevelopment).toBe(true);
  });

  it.each(['test', 'staging', 'production', 'Development', 'dev', 'prod'])('is strict for APP_ENV=%s', (appEnv) => {
    expect(parseEdgeConfig({ APP_ENV: appEnv }).isDevelopment).toBe(false);
  });

  it('derives https-ness from PUBLIC_ORIGIN', () => {
    expect(parseEdgeConfig({ PUBLIC_ORIGIN: 'https://console.example' }).secureOrigin).toBe(true);
    expect(parseEdgeConfig({ PUBLIC_ORIGIN: 'http://localhost:3000' }).secureOrigin).toBe(false);
    expect(parseEdgeConfig({}).secureOrigin).toBe(false);
    expect(parseEdgeConfig({ PUBLIC_ORIGIN: 'not a url' }).secureOrigin).toBe(false);
  });

  it('reads the live process environment', () => {
    vi.stubEnv('APP_ENV', 'production');
    vi.stubEnv('PUBLIC_ORIGIN', 'https://console.example');
    expect(edgeConfig()).toEqual({ isDevelopment: false, secureOrigin: true });
  });
});
