/**
 * Risk rules in real Chromium: a risk analyst drafts a change, backtests it with a progress bar,
 * submits it; a compliance officer approves it with a passkey; only then is it in force.
 */
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test('risk rules: draft, backtest and submit; in force only after a compliance officer approves with a passkey', async ({ sessions }) => {
  test.setTimeout(240_000);
  const analyst = await sessions.newStaff('RiskAnalyst', /Risk analyst/);
  const officer = await sessions.newStaff('RiskOfficer', /Compliance officer/);
  const csp = await collectCspViolations(analyst.page);
  const page = analyst.page;

  await test.step('the analyst opens the rules page and starts a draft', async () => {
    await page.goto('/risk');
    await expect(page.getByRole('heading', { level: 1, name: 'Risk rules' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'In force: v1' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'risk rules page');
    await page.getByRole('button', { name: 'New draft' }).click();
    await page.waitForURL(/\/risk\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: /^Risk rule set v\d+$/ })).toBeVisible();
  });

  await test.step('a card number in a list is refused; a real edit saves and lists the change', async () => {
    await page.getByLabel('Blocked device fingerprints').fill('4111 1111 1111 1111');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Fix these before saving' })).toContainText(/card numbers must be tokenized|Letters, digits/i);
    await page.getByLabel('Blocked device fingerprints').fill('');
    await page.getByLabel('Weight: device.new').fill('15');
    await page.getByLabel('Blocked countries').fill('KP\nRU');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: 'weights.device.new: 10 → 15' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'Blocked countries: + RU' })).toBeVisible();
  });

  await test.step('the backtest runs to 100 % and reports the moves', async () => {
    await page.getByLabel('Days of history').fill('30');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect(page.getByRole('status').filter({ hasText: /would change decision/ })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('progressbar', { name: 'Backtest progress' })).toHaveAttribute('aria-valuenow', '100');
    await expectNoSeriousA11yViolations(page, 'risk rule draft page');
  });

  const requestPath = await test.step('the analyst submits it for approval', async () => {
    await page.getByLabel('Reason for the change').fill('Sanctions list update and device fraud wave');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    // The page reloads with the draft locked and a link to its pending request.
    const link = page.getByRole('status').filter({ hasText: 'Approval request' }).getByRole('link', { name: 'pending' });
    await expect(link).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
    return (await link.getAttribute('href'))!;
  });

  await test.step('still v1 in force until approved', async () => {
    await page.goto('/risk');
    await expect(page.getByRole('heading', { name: 'In force: v1' })).toBeVisible();
  });

  await test.step('a compliance officer approves with a passkey; the draft is in force', async () => {
    const p = officer.page;
    await p.goto(requestPath);
    await p.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = p.getByRole('dialog');
    await expect(dialog).toContainText('Blocked countries: + RU');
    await dialog.getByLabel('Comment').fill('Checked the backtest');
    await dialog.getByRole('button', { name: 'Sign with passkey and approve' }).click();
    await expect(dialog).toBeHidden();
    await expect(p.getByTestId('request-status')).toHaveText('Executed');
    await page.goto('/risk');
    await expect(page.getByRole('heading', { name: /^In force: v\d+$/ })).not.toHaveText('In force: v1');
    await expect(page.getByText('Blocked countries:').locator('..')).toContainText('RU');
  });

  expect(csp.violations, csp.describe()).toEqual([]);
});
