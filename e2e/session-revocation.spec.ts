/** Revoked sessions and disabled staff are refused on their very next request. */
import { meStatus, onPath } from './fixtures/onboarding';
import { attemptSignIn, confirmAlertDialog, expectRefused } from './fixtures/ui';
import { expect, test } from './fixtures/test';

test('"Sign out everywhere else" ends the other sessions on their next request and keeps this one', async ({ sessions }) => {
  const browserA = await sessions.newStaff('Everywhere');
  const browserB = await sessions.signInAs(browserA.identity);
  expect(await meStatus(browserB)).toBe(200);

  await browserA.page.goto('/settings/security');
  const sessionsRegion = browserA.page.getByRole('region', { name: 'Sessions' });
  await expect(sessionsRegion.getByRole('row')).toHaveCount(3); // header + two sessions
  await sessionsRegion.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await confirmAlertDialog(browserA.page);
  await expect(sessionsRegion.getByRole('row')).toHaveCount(2);

  expect(await meStatus(browserB)).toBe(401);
  await browserB.page.goto('/staff');
  await browserB.page.waitForURL(onPath('/login'));
  expect(await meStatus(browserA)).toBe(200);
});

test('signing out one other session from Settings → Security refuses that session only', async ({ sessions }) => {
  const browserA = await sessions.newStaff('OneSession');
  const browserB = await sessions.signInAs(browserA.identity);

  await browserA.page.goto('/settings/security');
  const sessionsRegion = browserA.page.getByRole('region', { name: 'Sessions' });
  const otherSessionSignOut = sessionsRegion.getByRole('button', { name: /^Sign out session/ });
  await expect(otherSessionSignOut).toHaveCount(1);
  await otherSessionSignOut.click();
  await confirmAlertDialog(browserA.page);
  await expect(otherSessionSignOut).toHaveCount(0);

  expect(await meStatus(browserB)).toBe(401);
  await browserB.page.reload();
  await browserB.page.waitForURL(onPath('/login'));
  expect(await meStatus(browserA)).toBe(200);
});

test('a disabled staff member is refused on their very next request and cannot sign in again', async ({ admin, sessions }) => {
  const member = await sessions.newStaff('Disabled');
  expect(await meStatus(member)).toBe(200);

  await admin.page.goto('/staff');
  const row = admin.page.getByRole('region', { name: 'People' }).getByRole('row').filter({ hasText: member.identity.email });
  await row.getByRole('button', { name: /^Disable/ }).click();
  await confirmAlertDialog(admin.page);
  await expect(row.getByRole('button', { name: /^Enable/ })).toBeVisible();

  expect(await meStatus(member)).toBe(401);
  await member.page.goto('/');
  await member.page.waitForURL(onPath('/login'));

  const again = await sessions.open();
  await again.authenticator.addCredential(member.identity.credential);
  const attempt = await attemptSignIn(again.page);
  expectRefused(attempt);
  expect(await meStatus(again)).toBe(401);
});
