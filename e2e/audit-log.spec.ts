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

test('a client-sent X-Forwarded-For is not taken for the client address when no trusted proxy is in front', async ({ admin }) => {
  // The e2e servers run without TRUST_PROXY: the address recorded must be the connection's own, whatever the client claims.
  const forged = '203.0.113.77';
  const { page } = admin;
  const probe = `xff-probe-${Date.now().toString(36)}`;
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': forged });
  // Viewing the audit log with a new filter writes an audit.viewed event, with the request's address.
  await page.goto(`/audit?q=${probe}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await page.setExtraHTTPHeaders({});

  await page.goto(`/audit?ip=${forged}`);
  await expect(page.getByText('No events match')).toBeVisible();

  // The probe's own event, and the sign-ins (recorded through Auth.js's request), carry the connection's address.
  for (const filter of ['action=audit.viewed', 'category=auth']) {
    await page.goto(`/audit?${filter}`);
    const table = page.getByRole('table', { name: 'Audit events' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    const ips = await table.locator('tbody tr td:nth-child(6)').allTextContents();
    expect(ips.length).toBeGreaterThan(0);
    for (const ip of ips) expect(['127.0.0.1', '::1']).toContain(ip.trim());
  }
});
