/**
 * Two instances, one database, HAProxy in front (issue 7, high availability):
 * WebAuthn ceremonies whose options come from instance a are verified by instance b;
 * instance a is killed between the two halves of a sign-in and the sign-in still completes;
 * sessions opened before the crash carry on on b; afterwards every sign-in is recorded
 * exactly once and the audit chain verifies.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';
import { attachAuthenticator, onlyCredential, setSignCountBase, type TStoredCredential } from '../e2e/fixtures/authenticator';
import { completeFirstAdminSetup, signInWithPasskey, uniquePerson } from '../e2e/fixtures/onboarding';
import { everyAuditEvent, expectAuditChainsVerify, waitForAuditQueueDrained } from './fixtures/audit';
import { crashInstance, isAlive } from './instances';
import { describeExchanges, routeCeremony, type TCeremonyRouting } from './routing';
import { readHaRunInfo, saveHaAdministrator } from './run-info';

test.describe.configure({ mode: 'serial' });

const run = readHaRunInfo();
setSignCountBase(run.runStartedAt);

let adminCredential: TStoredCredential | undefined;
let longLived: { context: BrowserContext; page: Page } | undefined;

function expectSplit(routing: TCeremonyRouting, options: 'a' | 'b', verify: 'a' | 'b'): void {
  const issued = routing.exchanges.filter((e) => e.half === 'options' && e.issuedChallenge);
  const verified = routing.exchanges.filter((e) => e.half === 'verify');
  const story = describeExchanges(routing);
  expect(issued.length, story).toBeGreaterThanOrEqual(1);
  expect(issued.every((e) => e.servedBy === options), story).toBe(true);
  expect(verified.length, story).toBe(1);
  expect(verified[0]!.servedBy, story).toBe(verify);
  expect(verified[0]!.status, story).toBeLessThan(400);
}

/** Sent by every signed-in context below: behind HAProxy (TRUST_PROXY=true) the address recorded is the one HAProxy appends, never this. */
const FORGED_CLIENT_IP = '203.0.113.77';

async function signedInContext(browser: import('@playwright/test').Browser) {
  const context = await browser.newContext({ baseURL: run.origin, extraHTTPHeaders: { 'x-forwarded-for': FORGED_CLIENT_IP } });
  const page = await context.newPage();
  const authenticator = await attachAuthenticator(context, page);
  await authenticator.addCredential(adminCredential!);
  return { context, page };
}

test('first-admin passkey registration whose options come from instance a is verified by instance b', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: run.origin });
  const page = await context.newPage();
  const authenticator = await attachAuthenticator(context, page);
  const routing = await routeCeremony(page, { options: 'a', verify: 'b' });
  const person = uniquePerson('HA admin');
  await completeFirstAdminSetup(page, run.setupUrl, person);
  expectSplit(routing, 'a', 'b');
  adminCredential = await onlyCredential(authenticator);
  saveHaAdministrator({ ...person, credential: adminCredential });
  await context.close();
});

test('a passkey sign-in whose options come from instance a is verified by instance b, and the session works on both', async ({ browser }) => {
  longLived = await signedInContext(browser);
  const routing = await routeCeremony(longLived.page, { options: 'a', verify: 'b' });
  await signInWithPasskey(longLived.page);
  expectSplit(routing, 'a', 'b');
  for (const pin of ['a', 'b'] as const) {
    const me = await longLived.context.request.get('/api/me', { headers: { 'x-cs-pin': pin } });
    expect(me.status(), `GET /api/me pinned to ${pin}`).toBe(200);
    expect(me.headers()['x-cs-served-by']).toBe(pin);
  }
});

test('instance a is killed between the options and the verify half of a sign-in: the sign-in completes on b', async ({ browser }) => {
  const { context, page } = await signedInContext(browser);
  let killedAt = 0;
  const routing = await routeCeremony(page, { options: 'a' }, async () => {
    killedAt = await crashInstance(run.instances.a);
  });
  await signInWithPasskey(page);
  expect(killedAt, 'instance a was killed mid-ceremony').toBeGreaterThan(0);
  expect(isAlive(run.instances.a)).toBe(false);
  expectSplit(routing, 'a', 'b');
  await context.close();
});

test('a session opened before instance a died carries on on instance b', async () => {
  const { page, context } = longLived!;
  for (const path of ['/', '/staff', '/audit', '/settings/security']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    expect(new URL(page.url()).pathname, `${path} did not bounce to /login`).toBe(path);
    expect(res?.headers()['x-cs-served-by'], path).toBe('b');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  // Pinning to the dead instance falls back to the live one rather than failing.
  const me = await context.request.get('/api/me', { headers: { 'x-cs-pin': 'a' } });
  expect(me.status()).toBe(200);
  expect(me.headers()['x-cs-served-by']).toBe('b');
});

test('every completed ceremony (setup + two sign-ins) is recorded exactly once, none failed, and the audit chain verifies', async () => {
  await longLived?.context.close();
  const sql = postgres(run.databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql<{ action: string; n: number }[]>`
      select action, count(*)::int as n from ${everyAuditEvent(sql)} as e
      where action in ('auth.sign_in.succeeded', 'auth.sign_in.failed') group by action`;
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(counts['auth.sign_in.succeeded'], JSON.stringify(counts)).toBe(3);
    expect(counts['auth.sign_in.failed'] ?? 0, JSON.stringify(counts)).toBe(0);
    // The two sign-ins sent a forged X-Forwarded-For through HAProxy; every event carries the address HAProxy saw.
    const ips = await sql<{ ip: string | null; n: number }[]>`
      select ip, count(*)::int as n from ${everyAuditEvent(sql)} as e where action = 'auth.sign_in.succeeded' group by ip`;
    expect(ips).toEqual([{ ip: '127.0.0.1', n: 3 }]);
    const [forged] = await sql<{ n: number }[]>`select count(*)::int as n from ${everyAuditEvent(sql)} as e where ip = ${FORGED_CLIENT_IP}`;
    expect(forged?.n, 'events recorded with the client-written address').toBe(0);
    const [row] = await sql<{ sessions: number }[]>`select count(*)::int as sessions from sessions`;
    expect(row?.sessions, 'one session per completed ceremony (setup + two sign-ins)').toBe(3);
    await waitForAuditQueueDrained(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
  expectAuditChainsVerify(run);
});
