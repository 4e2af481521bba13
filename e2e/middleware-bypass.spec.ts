/**
 * CVE-2025-29927 style: `x-middleware-subrequest` once made Next skip middleware. The
 * middleware is not the authority, so even a skipped middleware must meet a refusal.
 */
import type { APIResponse } from '@playwright/test';
import { onPath } from './fixtures/onboarding';
import { CONSOLE_PAGES } from './fixtures/ui';
import { expect, test } from './fixtures/test';

const BYPASS = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' };

function refusedPage(res: APIResponse): string | undefined {
  const status = res.status();
  if ([301, 302, 303, 307, 308].includes(status)) {
    const location = res.headers()['location'] ?? '';
    return new URL(location, res.url()).pathname === '/login' ? undefined : `redirected to ${location}`;
  }
  return [401, 403, 404].includes(status) ? undefined : `answered ${status}`;
}

test('protected pages and /api/me requested with x-middleware-subrequest and no session are refused', async ({ run, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: run.main.origin, extraHTTPHeaders: BYPASS });
  try {
    for (const { path, heading } of CONSOLE_PAGES) {
      const res = await anonymous.get(path, { maxRedirects: 0 });
      expect(refusedPage(res), `${path} with the bypass header`).toBeUndefined();
      expect(await res.text()).not.toContain(`>${heading}</h1>`);
    }
    const me = await anonymous.get('/api/me', { maxRedirects: 0 });
    expect(me.status()).toBe(401);
    expect(await me.text()).not.toMatch(/@/);
  } finally {
    await anonymous.dispose();
  }
});

test('a browser sending x-middleware-subrequest without a session ends on /login', async ({ sessions }) => {
  const { page } = await sessions.open();
  await page.setExtraHTTPHeaders(BYPASS);
  await page.goto('/staff');
  await page.waitForURL(onPath('/login'));
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toHaveCount(0);
});
