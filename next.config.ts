import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Packages that read data files or WASM at runtime must not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'geoip-country', 'pino', 'postgres'],
  typedRoutes: false,
};

export default nextConfig;
