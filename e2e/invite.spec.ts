/** Staff onboarding by invite: an administrator invites, the invitee enrols a passkey in their own browser. */
import { createInvite, enrolInvite, meStatus, uniquePerson } from './fixtures/onboarding';
import { confirmAlertDialog } from './fixtures/ui';
import { expect, test } from './fixtures/test';

test('an invited staff member enrols a passkey in their own browser and can sign in with it later', async ({ admin, sessions }) => {
  const invitee = uniquePerson('Invitee');
  const inviteUrl = await createInvite(admin.page, invitee);
  expect(new URL(inviteUrl).origin).toBe(admin.origin);

  // The pending invite is listed for the administrator.
  await admin.page.goto('/staff');
  await expect(admin.page.getByRole('region', { name: 'Pending invites' }).getByRole('row').filter({ hasText: invitee.email })).toBeVisible();

  const browserB = await sessions.open();
  const identity = await enrolInvite(browserB, inviteUrl, invitee);
  expect(identity.credential.isResidentCredential).toBe(true);
  const me = await browserB.context.request.get('/api/me');
  expect(me.status()).toBe(200);
  expect(await me.text()).toContain(invitee.name);

  // A third browser holding only the passkey signs in from /login.
  const later = await sessions.signInAs(identity);
  await expect(later.page.getByRole('banner').getByText(invitee.name)).toBeVisible();

  // The administrator now sees them as staff, no longer as a pending invite.
  await admin.page.goto('/staff');
  await expect(admin.page.getByRole('region', { name: 'People' }).getByRole('row').filter({ hasText: invitee.email })).toBeVisible();
  await expect(admin.page.getByRole('region', { name: 'Pending invites' }).getByRole('row').filter({ hasText: invitee.email })).toHaveCount(0);
});

test('an invite link works once: after enrolment it no longer offers registration', async ({ sessions }) => {
  const first = await sessions.newStaff('Once');
  const other = await sessions.open();
  const res = await other.page.goto(first.inviteUrl);
  expect(res?.status()).toBe(404);
  await expect(other.page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
  expect(await meStatus(other)).toBe(401);
});

test('a revoked invite link can no longer be used', async ({ admin, sessions }) => {
  const invitee = uniquePerson('Revoked');
  const inviteUrl = await createInvite(admin.page, invitee);
  await admin.page.goto('/staff');
  const row = admin.page.getByRole('region', { name: 'Pending invites' }).getByRole('row').filter({ hasText: invitee.email });
  await row.getByRole('button', { name: /^Revoke/ }).click();
  await confirmAlertDialog(admin.page);
  await expect(row).toHaveCount(0);

  const stranger = await sessions.open();
  const res = await stranger.page.goto(inviteUrl);
  expect(res?.status()).toBe(404);
  await expect(stranger.page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
});
