/** The audit log in the browser: filters in the URL, event detail with its chain check, access by role. */
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test('an administrator filters the audit log and opens an event whose chain link checks out', async ({ admin }) => {
  const { page } = admin;
  const csp = await collectCspViolations(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Signed in' }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/audit');

  const filters = page.getByRole('form', { name: 'Audit filters' });
  await filters.getByLabel('Category').selectOption('auth');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/[?&]category=auth/);
  const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  for (const label of await page.getByRole('table', { name: 'Audit events' }).locator('tbody tr td:nth-child(3)').allTextContents()) {
    expect(label).toMatch(/^Sign/);
  }

  await rows.nth(1).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Event #\d+$/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Link check' })).toContainText('Link intact');
  await expectNoSeriousA11yViolations(page, '/audit/[id]');
  expect(csp.violations, csp.describe()).toEqual([]);
});

test('an invalid filter is explained, not a crash', async ({ admin }) => {
  await admin.page.goto('/audit?ip=not-an-ip');
  await expect(admin.page.getByRole('alert').filter({ hasText: 'These filters are not valid' })).toBeVisible();
});

test('a role without audit access gets the no-access page', async ({ sessions }) => {
  const member = await sessions.newStaff('Ops', /Ops approver/);
  await expect(member.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await member.page.goto('/audit');
  await expect(member.page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
});
