/**
 * Passkey recovery in real Chromium, one browser context and virtual authenticator per person:
 * an administrator requests recovery for a staff member from their staff page, two other
 * administrators approve with their passkeys, the person's sessions end, the requester issues
 * the one-time link, and the person enrols a new passkey on /recover/<token> and is signed in.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expectOverview, meStatus } from './fixtures/onboarding';
import { expect, test } from './fixtures/test';
import { approveRequest } from './fixtures/ui';

const REQUEST_URL = /\/approvals\/[0-9a-f-]{36}$/;

async function openStaffPage(page: Page, name: string): Promise<void> {
  await page.goto('/staff');
  await page.getByRole('region', { name: 'People' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('passkey recovery: requested on the staff page, approved by two administrators, one-time link enrols a new passkey and signs the person in', async ({ admin, sessions }) => {
  test.setTimeout(600_000);
  const a2 = await sessions.newStaff('RecoveryAdminTwo', /Administrator/);
  const a3 = await sessions.newStaff('RecoveryAdminThree', /Administrator/);
  const lost = await sessions.newStaff('LostPasskeys', /Ops approver/);
  const name = lost.identity.name;
  expect(await meStatus(lost)).toBe(200);
  const csp = await collectCspViolations(admin.page);

  const path = await test.step('the administrator opens a recovery request from the staff page; a card number in the reason is refused', async () => {
    await openStaffPage(admin.page, name);
    await admin.page.getByRole('button', { name: 'Passkey recovery' }).click();
    const dialog = admin.page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: `Passkey recovery for ${name}` })).toBeVisible();
    await expectNoSeriousA11yViolations(admin.page, 'passkey recovery dialog');
    await dialog.getByLabel('Reason').fill('Lost phone, card 4111 1111 1111 1111');
    await dialog.getByRole('button', { name: 'Request recovery' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/card number/i);
    await dialog.getByLabel('Reason').fill('Lost phone and laptop; identity confirmed by video call');
    await dialog.getByRole('button', { name: 'Request recovery' }).click();
    await admin.page.waitForURL(REQUEST_URL);
    await expect(admin.page.getByText(`Revoke every passkey and session of ${name}`).first()).toBeVisible();
    return new URL(admin.page.url()).pathname;
  });

  await test.step('nothing changes until two other administrators approve; then the person is signed out everywhere', async () => {
    await openStaffPage(admin.page, name);
    await expect(admin.page.getByRole('link', { name: 'view approval request' })).toHaveAttribute('href', path);
    await approveRequest(a2.page, path, 'Confirmed with their manager');
    expect(await meStatus(lost)).toBe(200);
    await approveRequest(a3.page, path, 'Agreed');
    await a3.page.goto(path);
    await expect(a3.page.getByTestId('request-status')).toHaveText('Executed');
    expect(await meStatus(lost)).toBe(401);
  });

  const link = await test.step('the requester issues the one-time link on the staff page; it is shown once', async () => {
    await openStaffPage(admin.page, name);
    await admin.page.getByRole('button', { name: 'Issue recovery link' }).click();
    const field = admin.page.getByLabel('One-time recovery link (valid 24 hours)');
    await expect(field).toHaveValue(/\/recover\/[A-Za-z0-9_-]{43}$/);
    await expect(field).not.toBeEditable();
    await expectNoSeriousA11yViolations(admin.page, 'staff page with recovery link');
    const url = await field.inputValue();
    await admin.page.reload();
    await expect(admin.page.getByLabel('One-time recovery link (valid 24 hours)')).toHaveCount(0);
    await expect(admin.page.getByRole('button', { name: 'Issue a new recovery link' })).toBeVisible();
    return url;
  });
  expect(csp.violations, csp.describe()).toEqual([]);

  await test.step('an unknown recovery link is a real 404', async () => {
    const stranger = await sessions.open();
    const res = await stranger.page.goto(`/recover/${'A'.repeat(43)}`);
    expect(res?.status()).toBe(404);
    await expect(stranger.page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
  });

  await test.step('the person enrols a new passkey from the link in a fresh browser and is signed in; the link then is dead', async () => {
    const fresh = await sessions.open();
    const freshCsp = await collectCspViolations(fresh.page);
    const res = await fresh.page.goto(link);
    expect(res?.status()).toBe(200);
    await expect(fresh.page.getByRole('heading', { level: 1, name: 'Recover access' })).toBeVisible();
    await expect(fresh.page.getByText(`Welcome back, ${name}.`)).toBeVisible();
    await expectNoSeriousA11yViolations(fresh.page, 'recovery page');
    await fresh.page.getByRole('button', { name: 'Create passkey' }).click();
    await expectOverview(fresh.page);
    expect(await meStatus(fresh)).toBe(200);
    expect(freshCsp.violations, freshCsp.describe()).toEqual([]);

    const again = await sessions.open();
    expect((await again.page.goto(link))?.status()).toBe(404);
    await expect(again.page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
  });
});
