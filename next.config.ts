import type { NextConfig } from 'next';
import { PERMISSIONS_POLICY } from './lib/security/headers';

/**
 * Static assets (`_next/static`, `_next/image`) do not pass through middleware, so the
 * security headers that do not depend on the request are set for them here too.
 */
const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Packages that read data files or WASM at runtime must not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'geoip-country', 'pino', 'postgres'],
  // forbidden() renders app/forbidden.tsx when the data layer refuses a page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: '/_next/static/:path*', headers: STATIC_SECURITY_HEADERS },
      { source: '/_next/image', headers: STATIC_SECURITY_HEADERS },
    ];
  },
};

export default nextConfig;
