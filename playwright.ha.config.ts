/**
 * Playwright for the HA suite (e2e-ha/): Chromium against HAProxy's TLS front on loopback.
 * `npm run test:ha` (scripts/ha/run-ha-tests.ts) starts the cluster and sets HA_RUN_FILE and
 * HA_SPKI (the test certificate's public-key hash, which Chromium then treats as trusted: a
 * page with a certificate error is not a secure context for WebAuthn).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './scripts/find-chromium';

const spki = process.env.HA_SPKI;

export default defineConfig({
  testDir: './e2e-ha',
  testMatch: /.*\.spec\.ts$/,
  outputDir: './test-results/ha',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: resolveChromium().executablePath,
          args: [...CHROMIUM_ARGS, ...(spki ? [`--ignore-certificate-errors-spki-list=${spki}`] : [])],
        },
      },
    },
  ],
});
