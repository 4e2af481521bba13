/**
 * Multi-signer approvals in real Chromium, one browser context and virtual authenticator per
 * person. The action type is `approval-policy.update` (saving a policy opens a request; executing
 * it stores the next policy version, which the policies page shows, so "executed exactly once"
 * is visible as exactly one version bump). First its own policy is changed (under the default
 * "2 administrators") to: step 1 = 2 of three named ops approvers, step 2 = 1 administrator.
 * Later requests run through that sequential two-step policy.
 */
import type { Page } from '@playwright/test';
import { FLAG_USER_VERIFIED, editAssertionInBody, interceptAssertion, resignWithFlags } from './fixtures/assertion-capture';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const REQUEST_URL = /\/approvals\/[0-9a-f-]{36}$/;

/** Opens the policy editor, applies `edit`, saves with a reason and returns the new request's path. */
async function proposePolicy(page: Page, actionType: string, edit: (page: Page) => Promise<void>, reason: string): Promise<string> {
  await page.goto(`/approvals/policies/${actionType}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Policy: / })).toBeVisible();
  await edit(page);
  await page.getByLabel('Reason for the change').fill(reason);
  await page.getByRole('button', { name: 'Save and request approval' }).click();
  await page.waitForURL(REQUEST_URL);
  return new URL(page.url()).pathname;
}

async function setExpiry(page: Page, hours: number): Promise<void> {
  await page.getByLabel('Expires after (hours)').fill(String(hours));
}

/** Opens the request and signs a decision with the page's passkey. */
async function decide(page: Page, path: string, decision: 'approve' | 'reject', comment: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: decision === 'approve' ? 'Approve' : 'Reject', exact: true }).click();
  const dialog = page.getByRole('dialog');
  // The dialog shows exactly what will be signed: the summary and the payload hash of this version.
  await expect(dialog.getByTestId('signed-payload-hash')).toHaveText(await page.getByTestId('payload-hash').innerText());
  await dialog.getByLabel('Comment').fill(comment);
  await dialog.getByRole('button', { name: `Sign with passkey and ${decision}` }).click();
  await expect(dialog).toBeHidden();
}

async function expectStatus(page: Page, path: string, status: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('request-status')).toHaveText(status);
}

/** The stored version of a policy as the policies page shows it. */
async function policyVersion(page: Page, actionType: string): Promise<string> {
  await page.goto('/approvals/policies');
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: actionType, exact: true }) });
  return (await row.getByRole('cell').nth(2).innerText()).trim().split(/\s+/)[0]!;
}

test('approvals: sequential two-step and parallel 2-of-3 executed once, veto, payload edit voids approvals, approver without user verification refused', async ({ sessions, admin }) => {
  // Five people enrol and sign in their own browsers; on a loaded 2-core machine this takes minutes.
  test.setTimeout(900_000);
  const a2 = await sessions.newStaff('ApproverAdminTwo', /Administrator/);
  const a3 = await sessions.newStaff('ApproverAdminThree', /Administrator/);
  const ops: Awaited<ReturnType<typeof sessions.newStaff>>[] = [];
  for (const n of ['One', 'Two', 'Three']) ops.push(await sessions.newStaff(`Ops${n}`, /Ops approver/));
  const [o1, o2, o3] = ops as [typeof ops[0], typeof ops[0], typeof ops[0]];
  const csp = await collectCspViolations(admin.page);

  const governing = await test.step('the administrator proposes a sequential two-step policy for policy changes; two other administrators approve it (parallel step of the default policy)', async () => {
    const path = await proposePolicy(
      admin.page,
      'approval-policy.update',
      async (page) => {
        const tier = page.getByRole('group', { name: 'Tier 1', exact: true });
        const step1 = tier.getByRole('group', { name: 'Step 1', exact: true });
        await step1.getByLabel('Step 1 name').fill('Ops');
        const group = step1.getByRole('group', { name: 'Group 1', exact: true });
        await group.getByLabel('Group 1 role').selectOption({ label: 'No role (named staff only)' });
        for (const person of [o1, o2, o3]) await group.getByRole('checkbox', { name: person.identity.name, exact: true }).check();
        await group.getByLabel('Group 1 quorum').fill('2');
        await tier.getByRole('button', { name: 'Add step to tier 1' }).click();
        const step2 = tier.getByRole('group', { name: 'Step 2', exact: true });
        await step2.getByLabel('Step 2 name').fill('Administrators');
        await step2.getByRole('group', { name: 'Group 1', exact: true }).getByLabel('Group 1 role').selectOption({ label: 'Administrator' });
        // Live preview: the three named ops approvers could sign step 1.
        await expect(page.getByRole('region', { name: 'Who could approve a request like this' })).toContainText(o3.identity.name);
      },
      'E2E: two-step policy changes',
    );
    await expectNoSeriousA11yViolations(admin.page, 'approval request page');
    await decide(a2.page, path, 'approve', 'Looks right');
    await expect(a2.page.getByTestId('request-status')).toHaveText('Pending');
    await decide(a3.page, path, 'approve', 'Agreed');
    await expectStatus(a3.page, path, 'Executed');
    expect(await policyVersion(admin.page, 'approval-policy.update')).toBe('2');
    return path;
  });
  expect(governing).toMatch(REQUEST_URL);

  await test.step('a request under the two-step policy: 2 of 3 ops approvers in any order, then one administrator; executed exactly once', async () => {
    const before = await policyVersion(admin.page, 'audit.prune');
    const path = await proposePolicy(admin.page, 'audit.prune', (page) => setExpiry(page, 48), 'E2E: longer expiry');
    // The requester sees who is eligible for the open step.
    await expect(admin.page.getByText(`Still eligible to sign:`)).toContainText(o1.identity.name);
    // The first approver finds it in "Waiting for me" and has been notified.
    await o2.page.goto('/approvals');
    await expect(o2.page.getByRole('link', { name: /audit\.prune/ }).first()).toBeVisible();
    await expectNoSeriousA11yViolations(o2.page, 'approvals inbox');
    await expect(o2.page.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toBeVisible();
    await decide(o2.page, path, 'approve', 'Step 1, first');
    // Step 2 is not open yet: the administrator has nothing to sign.
    await a2.page.goto(path);
    await expect(a2.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
    await decide(o1.page, path, 'approve', 'Step 1, second');
    // Step 1 is complete: the third ops approver is no longer asked.
    await o3.page.goto(path);
    await expect(o3.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
    await decide(a2.page, path, 'approve', 'Step 2');
    await expectStatus(a2.page, path, 'Executed');
    await expect(a2.page.getByText('Signature verified', { exact: true })).toHaveCount(3);
    expect(Number(await policyVersion(admin.page, 'audit.prune'))).toBe(Number(before) + 1);
    // A late decision on the executed request changes nothing.
    await a3.page.goto(path);
    await expect(a3.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
    expect(Number(await policyVersion(admin.page, 'audit.prune'))).toBe(Number(before) + 1);
  });

  await test.step('a rejection vetoes the request', async () => {
    const path = await proposePolicy(admin.page, 'audit.prune', (page) => setExpiry(page, 72), 'E2E: veto me');
    await decide(o1.page, path, 'approve', 'Fine by me');
    await decide(o3.page, path, 'reject', 'No: too long');
    await expectStatus(o3.page, path, 'Rejected');
    await o2.page.goto(path);
    await expect(o2.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  });

  const edited = await test.step('editing the payload voids the approvals given so far', async () => {
    const path = await proposePolicy(admin.page, 'audit.prune', (page) => setExpiry(page, 96), 'E2E: edit me');
    await decide(o1.page, path, 'approve', 'Before the edit');
    await admin.page.goto(path);
    const hashBefore = await admin.page.getByTestId('payload-hash').innerText();
    await admin.page.getByRole('button', { name: 'Edit payload' }).click();
    const dialog = admin.page.getByRole('dialog');
    const json = dialog.getByLabel('Payload (JSON)');
    await json.fill((await json.inputValue()).replace('"expiresInHours": 96', '"expiresInHours": 120'));
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    await expect(dialog).toBeHidden();
    await admin.page.reload();
    await expect(admin.page.getByTestId('payload-hash')).not.toHaveText(hashBefore);
    await expect(admin.page.getByText('Void: the payload changed after this decision')).toHaveCount(1);
    await expect(admin.page.getByText(/0 of 2 signed/)).toBeVisible();
    // O1 may sign again: their earlier approval no longer counts.
    await o1.page.goto(path);
    await expect(o1.page.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
    return path;
  });

  await test.step('an approver whose authenticator cannot verify the user is refused and nothing is recorded', async () => {
    await o2.authenticator.cdp.send('WebAuthn.setUserVerified', { authenticatorId: o2.authenticator.authenticatorId, isUserVerified: false });
    await o2.page.goto(edited);
    await o2.page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = o2.page.getByRole('dialog');
    await dialog.getByLabel('Comment').fill('Without user verification');
    await dialog.getByRole('button', { name: 'Sign with passkey and approve' }).click();
    await expect(o2.page.locator('[data-sonner-toast][data-type="error"]')).toBeVisible();
    await o2.page.reload();
    await expect(o2.page.getByRole('listitem', { name: new RegExp(`^Approval by ${o2.identity.name}`) })).toHaveCount(0);
    await expect(o2.page.getByText(/0 of 2 signed/)).toBeVisible();
    await expect(o2.page.getByTestId('request-status')).toHaveText('Pending');
    // The server checks the flag itself: a validly signed assertion whose user-verified flag was cleared is refused too.
    const clearUv = resignWithFlags(o3.identity.credential.privateKey, (f) => f & ~FLAG_USER_VERIFIED);
    await interceptAssertion(o3.page, o3.context, { tamper: (body, type) => editAssertionInBody(body, type, clearUv) });
    await o3.page.goto(edited);
    await o3.page.getByRole('button', { name: 'Approve', exact: true }).click();
    await o3.page.getByRole('dialog').getByLabel('Comment').fill('User verification flag cleared');
    await o3.page.getByRole('dialog').getByRole('button', { name: 'Sign with passkey and approve' }).click();
    await expect(o3.page.locator('[data-sonner-toast][data-type="error"]')).toBeVisible();
    await o3.page.reload();
    await expect(o3.page.getByRole('listitem', { name: new RegExp(`^Approval by ${o3.identity.name}`) })).toHaveCount(0);
    await expect(o3.page.getByText(/0 of 2 signed/)).toBeVisible();
  });

  await test.step('notifications, deliveries and policy pages are accessible; no CSP violations', async () => {
    for (const path of ['/notifications', '/settings/deliveries', '/approvals/policies', '/approvals/policies/audit.prune', '/approvals?tab=all']) {
      await admin.page.goto(path);
      await expect(admin.page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSeriousA11yViolations(admin.page, path);
    }
    await admin.page.getByRole('button', { name: /^Notifications, / }).click();
    await expect(admin.page.getByRole('menuitem', { name: 'See all notifications' })).toBeVisible();
    await admin.page.keyboard.press('Escape');
    expect(csp.violations, csp.describe()).toEqual([]);
    // The first ops approver was told about each request waiting for them; marking all read clears the bell.
    await o1.page.goto('/notifications');
    await expect(o1.page.getByRole('link', { name: /waits for your step/ }).first()).toBeVisible();
    await o1.page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(o1.page.getByRole('button', { name: 'Notifications, none unread' })).toBeVisible();
    await o1.page.goto('/notifications?filter=unread');
    await expect(o1.page.getByRole('heading', { name: 'Nothing unread' })).toBeVisible();
    // No webhook receiver is configured in e2e: the deliveries page says so instead of pretending to send.
    await admin.page.goto('/settings/deliveries');
    await expect(admin.page.getByText(/No webhook URL is configured/)).toBeVisible();
  });
});
