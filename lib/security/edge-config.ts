/**
 * Edge-safe configuration for middleware: the single documented exception to "only
 * lib/env.ts reads process.env". Middleware cannot import lib/env.ts (it pulls node:fs via
 * env-dev-secrets), so this reads exactly APP_ENV and PUBLIC_ORIGIN, with lib/env.ts's
 * defaults. lib/env.ts stays the validator: a value it rejects stops the server at start,
 * so the lenient parsing here never meets a value the rest of the app would not accept.
 *
 * Why PUBLIC_ORIGIN and not the request's scheme: behind a TLS-terminating proxy the request
 * Next sees is plain http, so deriving "https?" from the request would drop HSTS exactly
 * where it matters; the configured public origin is the truth about what browsers see.
 */
export type TEdgeConfig = {
  /** Development relaxes the CSP for the Next dev overlay (eval, inline styles). */
  isDevelopment: boolean;
  /** The public origin is https: send HSTS. */
  secureOrigin: boolean;
};

const KNOWN_APP_ENVS = new Set(['development', 'test', 'staging', 'production']);

/** Pure parser, exported for tests. */
export function parseEdgeConfig(source: { APP_ENV?: string; PUBLIC_ORIGIN?: string; NODE_ENV?: string }): TEdgeConfig {
  // Unset means development, as in lib/env.ts, except in a production build, which gets
  // production's strict CSP. An unknown value is treated as NOT development (fail closed: the
  // strict CSP); lib/env.ts refuses such a value at start anyway.
  const appEnv = source.APP_ENV?.trim() || (source.NODE_ENV === 'production' ? 'production' : 'development');
  const isDevelopment = KNOWN_APP_ENVS.has(appEnv) && appEnv === 'development';
  let secureOrigin = false;
  try {
    secureOrigin = new URL(source.PUBLIC_ORIGIN?.trim() || 'http://localhost:3000').protocol === 'https:';
  } catch {
    secureOrigin = false;
  }
  return { isDevelopment, secureOrigin };
}

/** Read per call (two property reads) so tests and restarts never see a stale value. */
export function edgeConfig(): TEdgeConfig {
  return parseEdgeConfig({ APP_ENV: process.env.APP_ENV, PUBLIC_ORIGIN: process.env.PUBLIC_ORIGIN, NODE_ENV: process.env.NODE_ENV });
}
