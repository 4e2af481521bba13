/** Signing out ends the session on the server, not just in the browser. */
import { meStatus, onPath } from './fixtures/onboarding';
import { expect, test } from './fixtures/test';

test('signing out returns to /login, protected pages redirect there, and the old session cookie is dead', async ({ admin, playwright }) => {
  const { page, context, origin } = admin;
  const cookiesWhileSignedIn = await context.cookies();

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(onPath('/login'));
  await expect(page.getByRole('button', { name: 'Sign in with passkey' })).toBeVisible();

  await page.goto('/staff');
  await page.waitForURL(onPath('/login'));
  expect(new URL(page.url()).searchParams.get('next'), 'keeps a same-origin return path').toBe('/staff');
  expect(await meStatus(admin)).toBe(401);

  // Someone who copied the cookie before sign-out cannot use it afterwards.
  const copied = await playwright.request.newContext({ baseURL: origin, storageState: { cookies: cookiesWhileSignedIn, origins: [] } });
  try {
    expect((await copied.get('/api/me')).status()).toBe(401);
  } finally {
    await copied.dispose();
  }
});
