/**
 * Issue 3 in the browser: an administrator changes a colleague's roles, the simulator explains, the colleague's next request reflects it.
 * Issue 4: a role with privileged permissions (Administrator) is not granted directly: saving opens an approval request.
 */
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test('assigning a role applies on the colleague’s very next request and the simulator explains the decision', async ({ admin, sessions }) => {
  const colleague = await sessions.newStaff('Roles', /Auditor/);
  const mainNav = colleague.page.getByRole('navigation', { name: 'Main' });
  await colleague.page.goto('/');
  await expect(mainNav.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(mainNav.getByRole('link', { name: 'Risk rules' })).toHaveCount(0);

  const csp = await collectCspViolations(admin.page);
  await admin.page.goto('/staff');
  await admin.page.getByRole('link', { name: colleague.identity.name }).click();
  await expect(admin.page.getByRole('heading', { level: 1, name: colleague.identity.name })).toBeVisible();
  await admin.page.waitForLoadState('networkidle');
  await expectNoSeriousA11yViolations(admin.page, 'staff member page');

  // Before: the simulator denies and says why.
  const simulator = admin.page.getByRole('form', { name: 'Access simulator' });
  await simulator.getByLabel('Action').selectOption('read');
  await simulator.getByLabel('Subject').selectOption('RiskRuleSet');
  await simulator.getByRole('button', { name: 'Check access' }).click();
  await expect(admin.page.getByRole('status', { name: 'Access decision' })).toContainText('Denied by default');

  // Risk analyst grants nothing privileged, so the change applies at once.
  await admin.page.getByRole('checkbox', { name: 'Risk analyst' }).check();
  await admin.page.getByRole('checkbox', { name: 'Auditor' }).uncheck();
  await admin.page.getByRole('button', { name: 'Save roles' }).click();
  await expect(admin.page.getByText('Roles saved')).toBeVisible();

  // After: allowed, by the risk analyst role.
  await simulator.getByRole('button', { name: 'Check access' }).click();
  await expect(admin.page.getByRole('status', { name: 'Access decision' })).toContainText('Allowed by role "risk-analyst"');

  expect(csp.violations, csp.describe()).toEqual([]);

  // The colleague's very next request is built from the new roles.
  await colleague.page.reload();
  await expect(mainNav.getByRole('link', { name: 'Risk rules' })).toBeVisible();
});

test('granting the Administrator role opens an approval request and grants nothing yet', async ({ admin, sessions }) => {
  const colleague = await sessions.newStaff('Promote', /Auditor/);
  await admin.page.goto('/staff');
  await admin.page.getByRole('link', { name: colleague.identity.name }).click();
  await admin.page.getByRole('checkbox', { name: 'Administrator' }).check();
  await admin.page.getByRole('button', { name: 'Save roles' }).click();
  await expect(admin.page.getByText('Approval request created')).toBeVisible();
  // The colleague's next request still has no administrator powers.
  await colleague.page.goto('/');
  await expect(colleague.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' })).toHaveCount(0);
});

test('nobody can change their own roles', async ({ admin }) => {
  await admin.page.goto('/staff');
  await admin.page.getByRole('row').filter({ hasText: 'You' }).getByRole('link').click();
  await expect(admin.page.getByText('Nobody can change their own roles')).toBeVisible();
  await expect(admin.page.getByRole('button', { name: 'Save roles' })).toBeDisabled();
});
