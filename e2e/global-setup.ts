/**
 * Global setup: starts two `next start` servers on fresh databases, performs the first-admin
 * setup on the main one through the UI (one administrator per worker), and hands the run
 * information to the tests. Returns the teardown (Playwright runs it after the last test).
 *
 * Servers:
 * - main  (port 3000): SESSION_IDLE_SECONDS=900, so no test's session idles out under load.
 * - fresh (port 3001): SESSION_IDLE_SECONDS=10, never set up here; its spec performs the
 *   first-admin setup itself and then waits out the idle timeout. A short timeout on the
 *   main server would make every other test race the clock.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type FullConfig } from '@playwright/test';
import { startServer, type TRunningServer, type TServerInfo } from '../scripts/e2e-server';
import { resolveChromium } from '../scripts/find-chromium';
import { attachAuthenticator, onlyCredential, setSignCountBase } from './fixtures/authenticator';
import { completeFirstAdminSetup, createInvite, enrolInvite, openBrowserSession, uniquePerson, type TApproveInvite } from './fixtures/onboarding';
import { approveAsEach } from './fixtures/ui';
import { RUN_FILE_ENV, type TIdentity, type TRunInfo } from './fixtures/run-info';

// E2E_PORT_BASE lets two checkouts run their e2e suites side by side (main = base, fresh = base + 1).
export const MAIN_PORT = Number(process.env.E2E_PORT_BASE || 3000);
export const FRESH_PORT = MAIN_PORT + 1;
export const FRESH_IDLE_SECONDS = 10;

function serverInfo(s: TRunningServer): TServerInfo {
  const { name, origin, port, driver, dataDir, logFile, databaseName, setupUrl, startupMs, sessionIdleSeconds } = s;
  return { name, origin, port, driver, dataDir, logFile, databaseName, setupUrl, startupMs, sessionIdleSeconds };
}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

async function enrolAdministrators(
  config: FullConfig,
  main: TRunningServer,
): Promise<{ admins: TIdentity[]; inviteApprovers: TIdentity[]; outcome: TRunInfo['setupOutcome'] }> {
  const launchOptions = config.projects[0]?.use.launchOptions ?? {};
  const browser = await chromium.launch(launchOptions);
  try {
    const first = uniquePerson('Admin');
    const context = await browser.newContext({ baseURL: main.origin });
    const page = await context.newPage();
    const authenticator = await attachAuthenticator(context, page);
    await completeFirstAdminSetup(page, main.setupUrl!, first);
    const outcome = {
      landedOnPath: new URL(page.url()).pathname,
      overviewHeadingVisible: await page.getByRole('heading', { name: 'Overview' }).isVisible(),
    };
    const admins: TIdentity[] = [{ ...first, credential: await onlyCredential(authenticator) }];
    const enrolAdmin = async (label: string, approve?: TApproveInvite) => {
      const person = uniquePerson(label);
      const inviteUrl = await createInvite(page, person, /administrator/i, approve);
      const session = await openBrowserSession(browser, main.origin);
      const identity = await enrolInvite(session, inviteUrl, person);
      await session.context.close();
      return identity;
    };
    // While two administrators besides the first do not exist, nobody could approve a privileged
    // invite, so these two are invited at once; every privileged invite after them needs their approval.
    const inviteApprovers = [await enrolAdmin('InviteApprover1'), await enrolAdmin('InviteApprover2')];
    const approve = approveAsEach(browser, main.origin, inviteApprovers, 'e2e setup: approve the invite of another worker administrator');
    // One administrator per worker: a passkey used by two browsers at once would send
    // colliding signature counters and be suspended as a clone.
    for (let i = 1; i < config.workers; i++) admins.push(await enrolAdmin(`Admin${i}`, approve));
    await context.close();
    return { admins, inviteApprovers, outcome };
  } finally {
    await browser.close();
  }
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const runStartedAt = Date.now();
  setSignCountBase(runStartedAt);
  const browser = resolveChromium(); // fails fast with install instructions
  log(`Chromium: ${browser.executablePath} (${browser.source})`);
  if (!existsSync('.next/BUILD_ID')) {
    throw new Error('No production build in .next: run `npx next build` first (`npm test` builds before e2e).');
  }

  const runDir = path.resolve('.data', `e2e-${randomBytes(6).toString('hex')}`);
  const baseDatabaseUrl = process.env.DATABASE_URL || undefined;
  const servers: TRunningServer[] = [];
  const teardown = async () => {
    const outputDir = path.resolve('test-results');
    mkdirSync(outputDir, { recursive: true });
    for (const s of servers) {
      if (existsSync(s.logFile)) copyFileSync(s.logFile, path.join(outputDir, `server-${s.name}.log`));
    }
    await Promise.all(servers.map((s) => s.stop().catch((e: unknown) => console.error(`[e2e] stopping ${s.name} failed:`, e))));
    rmSync(runDir, { recursive: true, force: true });
    log(`stopped servers, removed ${path.relative(process.cwd(), runDir)}${baseDatabaseUrl ? ' and dropped the e2e databases' : ''}; server logs in test-results/`);
  };

  try {
    const common = { signInFailuresPerIp: 1000, baseDatabaseUrl, expectSetupLink: true };
    const start = async (spec: Parameters<typeof startServer>[0]) => {
      const server = await startServer(spec);
      servers.push(server);
      return server;
    };
    const [main, fresh] = await Promise.all([
      start({ ...common, name: 'main', port: MAIN_PORT, sessionIdleSeconds: 900, dataDir: path.join(runDir, 'main') }),
      start({ ...common, name: 'fresh', port: FRESH_PORT, sessionIdleSeconds: FRESH_IDLE_SECONDS, dataDir: path.join(runDir, 'fresh') }),
    ]);
    for (const s of [main, fresh]) {
      log(`${s.name} server (${s.driver}${s.databaseName ? ` ${s.databaseName}` : ''}) on ${s.origin}: next start → first 200 on /api/health in ${(s.startupMs / 1000).toFixed(2)} s`);
    }
    const timingsFile = process.env.E2E_TIMINGS_FILE;
    if (timingsFile) writeFileSync(timingsFile, JSON.stringify(servers.map((s) => ({ name: s.name, driver: s.driver, startupMs: s.startupMs }))));

    const setupStarted = performance.now();
    const { admins, inviteApprovers, outcome } = await enrolAdministrators(config, main);
    log(`first-admin setup on main + ${admins.length} administrator(s) enrolled in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const run: TRunInfo = { runStartedAt, main: serverInfo(main), fresh: serverInfo(fresh), admins, inviteApprovers, setupOutcome: outcome };
    const runFile = path.join(runDir, 'run.json');
    writeFileSync(runFile, JSON.stringify(run, null, 2), { mode: 0o600 });
    process.env[RUN_FILE_ENV] = runFile;
    return teardown;
  } catch (e) {
    await teardown();
    throw e;
  }
}
