/**
 * axe-core on every page: 0 serious or critical violations. The setup page and the lock
 * screen are checked in fresh-server.spec.ts (they need a server without staff / a short idle timeout).
 */
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { createInvite, uniquePerson } from './fixtures/onboarding';
import { CONSOLE_PAGES, visitConsolePage } from './fixtures/ui';
import { expect, test } from './fixtures/test';

test('the login page and an invite page have no serious accessibility violations', async ({ admin, sessions }) => {
  const visitor = await sessions.open();
  await visitor.page.goto('/login');
  await expect(visitor.page.getByRole('button', { name: 'Sign in with passkey' })).toBeEnabled();
  await expectNoSeriousA11yViolations(visitor.page, '/login');

  const inviteUrl = await createInvite(admin.page, uniquePerson('A11y'));
  await visitor.page.goto(inviteUrl);
  await expect(visitor.page.getByRole('button', { name: 'Create passkey' })).toBeEnabled();
  await expectNoSeriousA11yViolations(visitor.page, '/invite/<token>');

  await visitor.page.goto('/this-page-does-not-exist');
  await expectNoSeriousA11yViolations(visitor.page, 'not-found page');
});

test('every console page and the invite dialog have no serious accessibility violations', async ({ admin }) => {
  for (const target of CONSOLE_PAGES) {
    await visitConsolePage(admin.page, target);
    await expectNoSeriousA11yViolations(admin.page, target.path);
  }
  await visitConsolePage(admin.page, { path: '/staff', heading: 'Staff' });
  await admin.page.getByRole('button', { name: 'Invite staff member' }).click();
  await expect(admin.page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousA11yViolations(admin.page, '/staff invite dialog');
});

test('console pages in the dark theme have no serious accessibility violations', async ({ admin }) => {
  const { page } = admin;
  await visitConsolePage(page, { path: '/', heading: 'Overview' });
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  const dark = page.getByRole('menuitem', { name: /dark/i }).or(page.getByRole('menuitemradio', { name: /dark/i }));
  // A toggle switches at once; a menu offers a "Dark" item first.
  await expect(page.locator('html.dark').or(dark).first()).toBeVisible();
  if (await dark.count()) await dark.first().click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  for (const target of CONSOLE_PAGES) {
    await visitConsolePage(page, target);
    await expectNoSeriousA11yViolations(page, `${target.path} (dark)`);
  }
});
