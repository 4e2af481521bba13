/**
 * Issue 3's "done when" in the browser: an administrator creates a role with a conditional rule,
 * assigns it, the simulator explains the decision, and the colleague's very next request is
 * filtered by the condition (in SQL: they see only the roles the condition allows).
 */
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test('a role with a conditional rule, created and assigned in the browser, filters the colleague’s next request', async ({ admin, sessions }) => {
  const colleague = await sessions.newStaff('Role reader', /Auditor/);
  const suffix = Date.now().toString(36);
  const roleName = `Built-in role reader ${suffix}`;
  const { page } = admin;
  const csp = await collectCspViolations(page);

  await page.goto('/roles');
  await expect(page.getByRole('heading', { level: 1, name: 'Roles' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/roles');
  await page.getByRole('link', { name: 'New role' }).or(page.getByRole('button', { name: 'New role' })).first().click();
  const form = page.getByRole('form', { name: 'Role' });
  await form.getByLabel('Role name').fill(roleName);
  await form.getByLabel('Key').fill(`builtin-reader-${suffix}`);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.getByLabel('Subject').selectOption('Role');
  await form.getByRole('checkbox', { name: 'read', exact: true }).check();
  await form.getByRole('button', { name: 'Add condition' }).click();
  await form.getByLabel('Field').selectOption('builtIn');
  await form.getByLabel('Value', { exact: true }).selectOption('true');
  await expectNoSeriousA11yViolations(page, '/roles/new with a rule open');
  await form.getByRole('button', { name: 'Save role' }).click();
  await page.waitForURL(/\/roles\/[0-9a-f-]{36}$/);
  const roleId = page.url().split('/').at(-1)!;
  await expect(page.getByText(/builtIn/).first()).toBeVisible();

  // Assign it to the colleague.
  await page.goto('/staff');
  await page.getByRole('link', { name: colleague.identity.name }).click();
  await page.getByRole('checkbox', { name: roleName }).check();
  await page.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByText('Roles saved')).toBeVisible();

  // The simulator explains: conditional in general, denied for this custom (not built-in) role.
  const simulator = page.getByRole('form', { name: 'Access simulator' });
  await simulator.getByLabel('Action').selectOption('read');
  await simulator.getByLabel('Subject').selectOption('Role');
  await simulator.getByRole('button', { name: 'Check access' }).click();
  await expect(page.getByRole('status', { name: 'Access decision' })).toContainText('Allowed (conditional)');
  await simulator.getByLabel('Record id (optional)').fill(roleId);
  await simulator.getByRole('button', { name: 'Check access' }).click();
  await expect(page.getByRole('status', { name: 'Access decision' })).toContainText('Denied');

  // The colleague's next request: Roles appears, listing built-in roles only.
  await colleague.page.reload();
  await colleague.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click();
  await expect(colleague.page.getByRole('heading', { level: 1, name: 'Roles' })).toBeVisible();
  await expect(colleague.page.getByRole('link', { name: 'Administrator' })).toBeVisible();
  await expect(colleague.page.getByRole('main').getByText(roleName)).toHaveCount(0);

  await page.goto('/roles/matrix');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/roles/matrix');
  expect(csp.violations, csp.describe()).toEqual([]);
});

test('a staff member without role permissions gets the no-access page for /roles', async ({ sessions }) => {
  const member = await sessions.newStaff('No roles', /Auditor/);
  await member.page.goto('/roles');
  await expect(member.page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
});
