/**
 * Playwright e2e: real Chromium (resolved as STACK.md says) against `next start` servers that
 * e2e/global-setup.ts starts on fresh databases. Run `npx next build` first (`npm test` does).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './scripts/find-chromium';

const isCI = !!process.env.CI;

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './e2e/global-setup.ts',
  outputDir: './test-results',
  // One worker: two cores run two next servers and Chromium; global setup enrols one
  // administrator per worker, so raising this (--workers=N) stays correct, only heavier.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  // Security tests must not pass on a second try by luck.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: isCI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    baseURL: `http://localhost:${Number(process.env.E2E_PORT_BASE || 3000)}`,
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
        launchOptions: { executablePath: resolveChromium().executablePath, args: [...CHROMIUM_ARGS] },
      },
    },
  ],
});
