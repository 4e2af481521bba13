/**
 * Ingest API end to end: an administrator requests a service token on Settings → API access,
 * a second administrator and a compliance officer approve it with passkeys, the requester
 * sees the token exactly once, the payment core (Playwright's request client) ingests a
 * signed transaction with it, card numbers and bad tokens are refused, and revoking works at once.
 */
import { createHmac } from 'node:crypto';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

function sign(secret: string, raw: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'x-signature-timestamp': String(ts), 'x-signature': 'v1=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex') };
}

function body(externalId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    externalId,
    amountMinor: 2_599,
    currency: 'EUR',
    occurredAt: new Date().toISOString(),
    merchant: { name: 'E2E Books', categoryCode: '5942', country: 'FR' },
    customer: { reference: 'e2e-customer-1', email: 'e2e.customer@example.test' },
    paymentMethod: { token: 'tok_e2e_visa_1', bin: '400011', last4: '4242', brand: 'visa', expiryMonth: 12, expiryYear: 2031 },
    channel: 'ecommerce',
    geolocation: { country: 'FR', lat: 48.85, lon: 2.35 },
    ...extra,
  });
}

test('service token through approvals, shown once, ingests a signed transaction, refuses card numbers, revoked at once', async ({ admin, sessions, request }) => {
  test.setTimeout(480_000);
  const csp = await collectCspViolations(admin.page);
  const page = admin.page;

  await test.step('the API access page shows the token list and the API reference', async () => {
    await page.goto('/settings/api');
    await expect(page.getByRole('heading', { level: 1, name: 'API access' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
    await expect(page.getByText('/api/v1/transactions', { exact: true }).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'API access');
  });

  const requestPath = await test.step('the administrator requests a token (an approval request)', async () => {
    await page.getByRole('button', { name: 'Request a token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Token name').fill('E2E payment core');
    await dialog.getByLabel('Reason').fill('end-to-end test of the ingest API');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    const link = dialog.getByRole('link', { name: 'Open the approval request' });
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href'))!;
    await page.keyboard.press('Escape');
    return href;
  });

  await test.step('a second administrator and a compliance officer approve with their passkeys', async () => {
    const a2 = await sessions.newStaff('TokenAdminTwo', /Administrator/);
    const co = await sessions.newStaff('TokenCompliance', /Compliance officer/);
    for (const approver of [a2, co]) {
      await approver.page.goto(requestPath);
      await approver.page.getByRole('button', { name: 'Approve', exact: true }).click();
      const dialog = approver.page.getByRole('dialog');
      await dialog.getByLabel('Comment').fill('approved in e2e');
      await dialog.getByRole('button', { name: 'Sign with passkey and approve' }).click();
      await expect(dialog).toBeHidden();
    }
    await page.goto(requestPath);
    await expect(page.getByTestId('request-status')).toHaveText(/executed/i);
  });

  const secret = await test.step('the requester sees the token once', async () => {
    await page.goto('/settings/api');
    await page.getByRole('button', { name: 'Show token E2E payment core once' }).click();
    const dialog = page.getByRole('dialog');
    const token = await dialog.getByRole('textbox', { name: 'Bearer token' }).inputValue();
    const signingSecret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(token).toMatch(/^cst_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'I have stored them' }).click();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Show token E2E payment core once' })).toHaveCount(0);
    return { token, signingSecret };
  });

  await test.step('the payment core ingests a signed transaction and reads its decision', async () => {
    const raw = body(`e2e-${Date.now()}`);
    const res = await request.post('/api/v1/transactions', {
      data: raw,
      headers: { authorization: `Bearer ${secret.token}`, 'content-type': 'application/json', 'idempotency-key': `e2e-${Date.now()}`, ...sign(secret.signingSecret, raw) },
    });
    expect(res.status()).toBe(201);
    expect(await res.json()).toMatchObject({ decision: expect.stringMatching(/^(allow|review|decline)$/), score: expect.any(Number) });
  });

  await test.step('card numbers, missing tokens and malformed JSON are refused with JSON errors', async () => {
    const raw = body(`e2e-pan-${Date.now()}`, { merchant: { name: 'Shop 4111 1111 1111 1111', categoryCode: '5942', country: 'FR' } });
    const pan = await request.post('/api/v1/transactions', {
      data: raw,
      headers: { authorization: `Bearer ${secret.token}`, 'content-type': 'application/json', 'idempotency-key': `pan-${Date.now()}`, ...sign(secret.signingSecret, raw) },
    });
    expect(pan.status()).toBe(422);
    expect(JSON.stringify(await pan.json())).toMatch(/Card numbers must be tokenized/);
    const anonymous = await request.post('/api/v1/transactions', { data: body('e2e-anon'), headers: { 'content-type': 'application/json', 'idempotency-key': 'anon' } });
    expect(anonymous.status()).toBe(401);
    expect((await request.get('/api/v1/openapi.json')).status()).toBe(200);
  });

  await test.step('revoking the token refuses its next request', async () => {
    await page.goto('/settings/api');
    await page.getByRole('button', { name: 'Revoke token E2E payment core' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke token' }).click();
    await expect(page.getByText('Token revoked')).toBeVisible();
    const raw = body(`e2e-after-revoke-${Date.now()}`);
    const res = await request.post('/api/v1/transactions', {
      data: raw,
      headers: { authorization: `Bearer ${secret.token}`, 'content-type': 'application/json', 'idempotency-key': `rev-${Date.now()}`, ...sign(secret.signingSecret, raw) },
    });
    expect(res.status()).toBe(401);
  });

  expect(csp.violations, csp.describe()).toEqual([]);
});
