/**
 * Proving the log is intact from the browser: a row tampered with through a privileged
 * connection (triggers bypassed) is reported by "Verify integrity" at its position and kind,
 * and administrators are alerted; exports download and verify offline; Live shows arrivals.
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { verifyAuditBundle } from '../lib/audit/export/verify-audit-bundle';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { expect, test } from './fixtures/test';

function databaseUrl(databaseName: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

test('a tampered row is reported at its seq and kind, and administrators are alerted', async ({ admin, run }) => {
  test.setTimeout(120_000); // two verifications of the whole chain
  test.skip(run.main.driver !== 'postgres' || !process.env.DATABASE_URL, 'PGlite e2e runs cannot be tampered with from outside the server; CI runs e2e on PostgreSQL');
  const { page } = admin;
  const sql = postgres(databaseUrl(run.main.databaseName!), { max: 1, onnotice: () => undefined });
  const [victim] = await sql<{ seq: string; reason: string | null }[]>`
    SELECT seq::text, reason FROM audit_events WHERE chain = 'main' AND action = 'auth.sign_in.succeeded' ORDER BY seq DESC LIMIT 1`;
  const seq = Number(victim!.seq);
  const rewrite = (reason: string | null) =>
    sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE audit_events SET reason = ${reason} WHERE chain = 'main' AND seq = ${seq}`;
    });
  await rewrite('nothing happened here');
  try {
    const csp = await collectCspViolations(page);
    await page.goto('/audit');
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const result = page.getByRole('status', { name: 'Verification result' });
    await expect(result).toContainText(`The chain breaks at event #${seq}: modified`, { timeout: 30_000 });
    await expect(result).toContainText(`${seq - 1} of`);
    await expect(result).toContainText('Administrators have been alerted.');
    await expectNoSeriousA11yViolations(page, '/audit (verification failed)');
    expect(csp.violations, csp.describe()).toEqual([]);

    await page.goto('/');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await expect(alerts.getByText(`Audit chain "main" failed verification at seq ${seq} (modified)`)).toBeVisible();
  } finally {
    // Later specs share this server: put the row back so the chain verifies again.
    await rewrite(victim!.reason);
    await sql.end({ timeout: 5 });
  }
  await page.goto('/audit');
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText('Intact', { timeout: 30_000 });
});

test('an auditor exports the log as a JSONL bundle that verifies offline, and as CSV', async ({ sessions }) => {
  test.setTimeout(120_000); // an enrolment through the UI, then two downloads
  const auditor = await sessions.newStaff('Auditor', /Auditor/);
  const { page } = auditor;
  await page.goto('/audit');
  const keyId = ((await (await page.request.get('/api/audit/public-key')).json()) as { keyId: string }).keyId;

  await page.getByLabel('Export format').selectOption('jsonl');
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  expect(bundle.suggestedFilename()).toMatch(/^countersign-audit-main-.*\.jsonl$/);
  const result = verifyAuditBundle(readFileSync((await bundle.path())!, 'utf8'), { trustedKeyIds: [keyId] });
  expect(result.problem).toBeUndefined();
  expect(result).toMatchObject({ ok: true, contiguous: true, checkpoint: { verified: true } });
  expect(result.rows).toBeGreaterThan(5);
  await expect(page.getByText(`Exported ${result.rows} events`)).toBeVisible();

  await page.getByLabel('Export format').selectOption('csv');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.startsWith('seq,occurred_at,actor_type,actor_id,action,')).toBe(true);
  expect(text.split('\r\n').length).toBeGreaterThan(result.rows);
});

test('Live shows a new event without reloading, and stops asking when turned off', async ({ sessions }) => {
  test.setTimeout(180_000); // two enrolments (watcher and watched) through the UI
  const watcher = await sessions.newStaff('Watcher', /Auditor/);
  const { page } = watcher;
  await page.goto('/audit?category=invite');
  const accepted = page.getByRole('table', { name: 'Audit events' }).getByRole('cell', { name: 'Invite accepted' });
  const before = await accepted.count();
  const live = page.getByRole('button', { name: 'Live' });
  await live.click();
  await expect(live).toHaveAttribute('aria-pressed', 'true');
  await sessions.newStaff('Watched');
  await expect.poll(() => accepted.count(), { timeout: 20_000 }).toBeGreaterThan(before);

  await live.press('Enter');
  await expect(live).toHaveAttribute('aria-pressed', 'false');
  let polls = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/audit/latest')) polls++;
  });
  await page.waitForTimeout(6_000);
  expect(polls).toBe(0);
});
