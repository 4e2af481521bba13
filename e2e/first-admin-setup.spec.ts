/**
 * First-admin setup on the main server, performed once by global setup (the setup link is
 * single-use). These tests build on that setup explicitly; the full setup UI is also exercised
 * on the fresh server in fresh-server.spec.ts.
 */
import { expect, test } from './fixtures/test';

test('first-admin setup in global setup registered a passkey and landed on Overview', ({ run }) => {
  expect(run.setupOutcome).toEqual({ landedOnPath: '/', overviewHeadingVisible: true });
  const [admin] = run.admins;
  expect(admin?.credential.isResidentCredential, 'the passkey is a discoverable credential').toBe(true);
});

test('the first administrator signs in again with only their passkey and is an Administrator', async ({ admin, adminIdentity }) => {
  await expect(admin.page.getByRole('banner').getByText(adminIdentity.name)).toBeVisible();
  const me = await admin.context.request.get('/api/me');
  expect(me.status()).toBe(200);
  const body = await me.text();
  expect(body).toContain(adminIdentity.name);
  expect(body).toMatch(/"roles":\[[^\]]*"administrator"/i);
});

test('the setup link answers 404 once an administrator exists', async ({ run, page }) => {
  const setupUrl = run.main.setupUrl!;
  const res = await page.request.get(setupUrl, { maxRedirects: 0 });
  expect(res.status()).toBe(404);
  const nav = await page.goto(setupUrl);
  expect(nav?.status()).toBe(404);
  await expect(page.getByRole('button', { name: 'Create passkey and finish setup' })).toHaveCount(0);
});
