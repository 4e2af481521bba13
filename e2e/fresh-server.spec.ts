/**
 * The fresh server (port 3001, SESSION_IDLE_SECONDS=10) starts with no staff. These tests run
 * in order on purpose: the first performs the first-admin setup through the UI, the others
 * build on the administrator it creates (the setup link works once per server).
 */
import type { TIdentity } from './fixtures/run-info';
import { onlyCredential } from './fixtures/authenticator';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { completeFirstAdminSetup, meStatus, uniquePerson } from './fixtures/onboarding';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

let firstAdmin: TIdentity | undefined;

test('first-admin setup: the setup page is accessible, registers a passkey and lands on Overview', async ({ run, sessions }) => {
  const { page, authenticator, context, origin } = await sessions.open(run.fresh.origin);
  const csp = await collectCspViolations(page);
  const person = uniquePerson('First admin');

  await page.goto(run.fresh.setupUrl!);
  await expect(page.getByRole('button', { name: 'Create passkey and finish setup' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectNoSeriousA11yViolations(page, 'setup page');

  await completeFirstAdminSetup(page, run.fresh.setupUrl!, person);
  await expect(page.getByRole('banner').getByText(person.name)).toBeVisible();
  await expect(page.getByRole('timer', { name: /^Session expires in/ })).toBeVisible();

  const credential = await onlyCredential(authenticator);
  expect(credential.isResidentCredential).toBe(true);
  expect(credential.rpId).toBe('localhost');
  expect(await meStatus({ context, origin })).toBe(200);
  expect(csp.violations, csp.describe()).toEqual([]);
  firstAdmin = { ...person, credential };
});

test('the setup link answers 404 after the first administrator exists', async ({ run, page }) => {
  const res = await page.request.get(run.fresh.setupUrl!, { maxRedirects: 0 });
  expect(res.status()).toBe(404);
});

test('an idle session locks the page; unlocking with the passkey continues on the same page', async ({ run, sessions }) => {
  test.setTimeout(120_000);
  expect(firstAdmin, 'needs the administrator created by the setup test').toBeDefined();
  const session = await sessions.signInAs(firstAdmin!, run.fresh.origin);
  const { page } = session;
  const csp = await collectCspViolations(page);

  await page.goto('/settings/security');
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  // Marks this document: a full reload would lose it.
  await page.evaluate(() => {
    (window as unknown as { __e2eSameDocument: boolean }).__e2eSameDocument = true;
  });
  const lock = page.getByRole('dialog', { name: 'Session locked' });
  await expect(lock).toBeHidden();

  const idleMs = run.fresh.sessionIdleSeconds * 1000;
  await expect(lock).toBeVisible({ timeout: idleMs + 20_000 });
  await expectNoSeriousA11yViolations(page, 'lock screen');

  // The server agrees: the idle session is refused.
  expect(await meStatus(session)).toBe(401);

  await lock.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(lock).toBeHidden();
  expect(new URL(page.url()).pathname).toBe('/settings/security');
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __e2eSameDocument?: boolean }).__e2eSameDocument)).toBe(true);
  expect(await meStatus(session)).toBe(200);
  expect(csp.violations, csp.describe()).toEqual([]);
});
