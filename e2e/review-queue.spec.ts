/**
 * The compliance officer's day in real Chromium: frozen transactions arrive through the real
 * ingest API (POST /api/v1/transactions with a service token), a reviewer claims one, reads the
 * factors, reveals PII with a reason (audited, passkey step-up), declines one, releases a small
 * one, and releases a large one, which becomes a `transaction.release` approval request signed by
 * two colleagues with their passkeys (a compliance officer, then an ops approver). The large one is
 * released exactly once and every decision's webhook is in the outbox. Needs PostgreSQL (the
 * spec reads the server's database to mint the service token and to check the outbox).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import postgres from 'postgres';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { readRunInfo } from './fixtures/run-info';
import { expect, test } from './fixtures/test';
import { approveRequest } from './fixtures/ui';

test.describe.configure({ mode: 'serial' });

const TAG = `E2E Casino ${randomBytes(3).toString('hex')}`;

function database() {
  const main = readRunInfo().main;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${main.databaseName}`;
  return postgres(url.toString(), { max: 2, onnotice: () => undefined });
}

/** A service token stored the way the approvals engine stores one (hash only); the plaintext stays in this test. */
async function mintIngestToken(sql: postgres.Sql): Promise<string> {
  const token = `cst_${randomBytes(32).toString('base64url')}`;
  await sql`insert into service_tokens (id, name, prefix, token_hash, scopes, hmac_secret_enc, require_signature, expires_at)
            values (${randomUUID()}, 'e2e payment core', ${token.slice(0, 12)}, ${createHash('sha256').update(token).digest('hex')}, ${['transactions:ingest']}, 'unused', false, now() + interval '1 hour')`;
  return token;
}

async function ingest(sql: postgres.Sql, page: Page, token: string, label: string, amountMinor: number): Promise<{ id: string; externalId: string }> {
  const externalId = `e2e-${label}-${randomBytes(4).toString('hex')}`;
  const res = await page.request.post('/api/v1/transactions', {
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
    data: {
      externalId,
      amountMinor,
      currency: 'EUR',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      merchant: { name: `${TAG} ${label}`, categoryCode: '7995', country: 'MT' },
      customer: { reference: `e2e-cust-${externalId}`, name: 'Erika Mustermann', email: `erika.${label}@example.test`, phone: '+49 30 1234567' },
      paymentMethod: { token: 'tok_e2e_visa', bin: '411111', last4: '4242', brand: 'visa', expiryMonth: 12, expiryYear: 2030 },
      channel: 'ecommerce',
      device: { id: `dev-${label}`, fingerprint: 'fp-e2e', ip: '203.0.113.44', userAgent: 'Mozilla/5.0' },
      geolocation: { country: 'MT', lat: 35.9, lon: 14.5 },
    },
  });
  const body = (await res.json()) as { decision?: string; transactionId?: string; id?: string };
  expect(res.status(), JSON.stringify(body)).toBe(201);
  expect(body.decision, 'the risk engine freezes a high-risk-category payment of this size').toBe('review');
  const [row] = await sql`select id from transactions where external_id = ${externalId}`;
  return { id: String(row!.id), externalId };
}

async function decide(page: Page, txId: string, button: 'Release' | 'Decline', reason: string, note: string, submit: string) {
  await page.goto(`/transactions/${txId}`);
  await page.getByRole('group', { name: 'Review actions' }).getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').selectOption({ label: reason });
  await dialog.getByLabel('Note').fill(note);
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('a reviewer works the queue end to end; a large release goes through two passkey-signed approvals and executes once', async ({ sessions }) => {
  test.skip(readRunInfo().main.driver !== 'postgres' || !process.env.DATABASE_URL, 'needs the e2e server on PostgreSQL');
  test.setTimeout(300_000);
  const sql = database();
  const reviewer = await sessions.newStaff('Reviewer', /Compliance officer/);
  const colleague = await sessions.newStaff('SecondOfficer', /Compliance officer/);
  const ops = await sessions.newStaff('OpsSigner', /Ops approver/);
  const token = await mintIngestToken(sql);
  const declined = await ingest(sql, reviewer.page, token, 'decline', 650_000);
  const small = await ingest(sql, reviewer.page, token, 'small', 640_000);
  const large = await ingest(sql, reviewer.page, token, 'large', 2_500_000);
  const { page } = reviewer;
  const csp = await collectCspViolations(page);

  await test.step('the queue lists the frozen items with SLA badges; the reviewer claims one and the shortcuts help opens with ?', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
    await page.getByLabel('Merchant', { exact: true }).fill(TAG);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/merchant=/);
    await expect(page.getByText('3 transactions match.', { exact: true })).toBeVisible();
    await expect(page.getByText(/^Due in /).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/transactions');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    // Typing "c" into a filter field is text, not a claim.
    const merchant = page.getByLabel('Merchant', { exact: true });
    await merchant.press('c');
    expect(await merchant.inputValue()).toHaveLength(TAG.length + 1);
    await expect(page.getByRole('button', { name: `Claim ${declined.externalId}` })).toBeVisible();
    await page.getByRole('button', { name: `Claim ${declined.externalId}` }).click();
    await expect(page.getByRole('row').filter({ hasText: declined.externalId })).toContainText(reviewer.identity.name);
  });

  await test.step('the detail page shows the factors, the masked customer and the card; Reveal needs a reason and is audited', async () => {
    await page.goto(`/transactions/${declined.id}`);
    await expect(page.getByRole('heading', { level: 1, name: `Transaction ${declined.externalId}` })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Risk factors' })).toContainText('merchant.high_risk_category');
    await expect(page.getByText('411111 •••• 4242')).toBeVisible();
    await expect(page.getByText('e•••@e•••.test')).toBeVisible();
    await expect(page.getByText('erika.decline@example.test')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, '/transactions/[id]');
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reveal customer data' });
    await dialog.getByLabel('Reason').fill('Customer called to dispute this payment');
    await dialog.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Revealed customer data' })).toContainText('erika.decline@example.test');
    const [event] = await sql`select reason from audit_events where action = 'pii.revealed' and data->>'transactionId' = ${declined.id}`;
    expect(event?.reason).toBe('Customer called to dispute this payment');
    // The timeline joins the ingest event (on the transaction's ingest chain) with the staff actions (main chain).
    await page.reload();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline).toContainText('Transaction received and scored');
    await expect(timeline).toContainText('Transaction claimed for review');
    await page.getByLabel('Add a note').fill('Checked the device history: consistent');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('list', { name: 'Notes' })).toContainText('Checked the device history: consistent');
    const notes = await sql`select body from transaction_notes where transaction_id = ${declined.id}`;
    expect(notes.map((n) => n.body)).toEqual(['Checked the device history: consistent']);
  });

  await test.step('decline one and release a small one: decided at once, each with its webhook in the outbox', async () => {
    await decide(page, declined.id, 'Decline', 'Confirmed fraud', 'Customer confirmed the card was stolen', 'Decline');
    await expect(page.getByText('Declined').first()).toBeVisible();
    await decide(page, small.id, 'Release', 'False positive', 'Known customer, usual casino spend', 'Release');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const rows = await sql`select id, status from transactions where id in ${sql([declined.id, small.id])}`;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [declined.id]: 'declined', [small.id]: 'released' });
    const hooks = await sql`select payload->>'decision' as decision from outbox_messages where topic = 'transaction.decision' and payload->>'transactionId' in ${sql([declined.id, small.id])} order by 1`;
    expect(hooks.map((h) => h.decision)).toEqual(['decline', 'release']);
  });

  const requestPath = await test.step('releasing the large one opens an approval request instead', async () => {
    await decide(page, large.id, 'Release', 'Customer verified the payment', 'Called the customer back on the number on file', 'Request approval');
    const [request] = await sql`select id, status from approval_requests where action_type = 'transaction.release' and payload->>'transactionId' = ${large.id}`;
    expect(request?.status).toBe('pending');
    const [row] = await sql`select status from transactions where id = ${large.id}`;
    expect(row?.status).not.toBe('released');
    return `/approvals/${String(request!.id)}`;
  });

  await test.step('a second compliance officer and an ops approver sign with their passkeys; released exactly once, webhook enqueued once', async () => {
    await approveRequest(colleague.page, requestPath, 'Checked the call notes');
    await approveRequest(ops.page, requestPath, 'Approved for release');
    await ops.page.goto(requestPath);
    await expect(ops.page.getByTestId('request-status')).toHaveText('Executed');
    const [row] = await sql`select status, version from transactions where id = ${large.id}`;
    expect(row?.status).toBe('released');
    const released = await sql`select 1 from audit_events where action = 'transaction.released' and target_id = ${large.id}`;
    expect(released).toHaveLength(1);
    const hooks = await sql`select payload from outbox_messages where topic = 'transaction.decision' and payload->>'transactionId' = ${large.id}`;
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.payload).toMatchObject({ decision: 'release', externalId: large.externalId, approvalRequestId: requestPath.split('/').pop() });
  });

  await test.step('the Overview shows review figures and the 14-day chart without CSP violations', async () => {
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Review queue' })).toContainText('SLA breaches');
    await expect(page.locator('.recharts-wrapper')).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/ (Overview with review figures)');
    expect(csp.violations, csp.describe()).toEqual([]);
  });
  await sql.end();
});

test('a bad filter in the address gets a clear message, not an error page', async ({ sessions }) => {
  const auditor = await sessions.newStaff('QueueAuditor', /Auditor/);
  await auditor.page.goto('/transactions?level=extreme&scoreMin=90&scoreMax=10');
  await expect(auditor.page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
  await expect(auditor.page.getByText(/These filters are not valid: .*level/)).toBeVisible();
});
