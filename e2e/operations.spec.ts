/**
 * Settings → Operations in the browser: a real backup and two real rehearsals (one passed,
 * one on a corrupted file) against the e2e server's PostgreSQL database, then the page as an
 * administrator sees it, and the refusal for a role without Settings access.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSeriousA11yViolations } from './fixtures/axe';
import { collectCspViolations } from './fixtures/csp';
import { readRunInfo } from './fixtures/run-info';
import { expect, test } from './fixtures/test';

function runCommand(script: string, env: NodeJS.ProcessEnv): { status: number | null; out: string } {
  const r = spawnSync('npm', ['run', '-s', script], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('an administrator sees backups, the latest rehearsal with RPO/RTO, and its history', async ({ admin }) => {
  const main = readRunInfo().main;
  test.skip(main.driver !== 'postgres' || !process.env.DATABASE_URL, 'backups need PostgreSQL (the e2e server runs on PGlite here)');
  // Three real commands (backup, two rehearsals) run before the browser part; each starts a Node process.
  test.setTimeout(180_000);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${main.databaseName}`;
  const backupDir = mkdtempSync(path.join(tmpdir(), 'cs-e2e-backups-'));
  // Same DATA_DIR as the server: same development audit signing key and backup key.
  const env: NodeJS.ProcessEnv = { ...process.env, APP_ENV: 'test', DATABASE_URL: url.toString(), DATA_DIR: main.dataDir, BACKUP_DIR: backupDir };
  for (const key of ['SESSION_SECRET', 'AUDIT_SIGNING_KEY', 'BACKUP_KEY', 'BACKUP_KEY_ID']) delete env[key];
  const backup = runCommand('backup', env);
  expect(backup.status, backup.out).toBe(0);
  const passed = runCommand('restore:rehearse', env);
  expect(passed.status, passed.out).toBe(0);
  const file = path.join(backupDir, readdirSync(backupDir).find((f) => f.endsWith('.dump.enc'))!);
  const bytes = readFileSync(file);
  bytes[100]! ^= 0xff;
  writeFileSync(file, bytes);
  const failed = runCommand('restore:rehearse', env);
  expect(failed.status, failed.out).toBe(1);

  const { page } = admin;
  const csp = await collectCspViolations(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
  const latest = page.getByRole('heading', { level: 3, name: /Latest rehearsal/ });
  await expect(latest).toContainText('Failed');
  await expect(page.getByText(/Rehearsal FAILED at checksum/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Verify checksum' })).toBeVisible();
  const history = page.getByRole('region', { name: 'Rehearsal history' }).getByRole('table');
  expect(await history.getByRole('row').count()).toBeGreaterThanOrEqual(3);
  await expect(history.getByText('Passed').first()).toBeVisible();
  const backups = page.getByRole('region', { name: 'Backups' }).getByRole('table');
  await expect(backups.getByText('Daily (90 days)')).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/settings/operations');
  expect(csp.violations, csp.describe()).toEqual([]);
});

test('a role without Settings access has no Operations entry and gets the no-access page', async ({ sessions }) => {
  const member = await sessions.newStaff('Auditor', /Auditor/);
  await expect(member.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' })).toHaveCount(0);
  await member.page.goto('/settings/operations');
  await expect(member.page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
});
