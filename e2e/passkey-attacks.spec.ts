/**
 * Attacks on passkey sign-in: missing user verification, replayed assertions, and assertions
 * answered for a challenge issued to another browser. Each refusal test has a control that
 * shows the same manipulation succeeds when the rule is respected, so a refusal cannot come
 * from a broken test harness.
 */
import {
  FLAG_USER_VERIFIED,
  bodyHasCsrfToken,
  describeResponse,
  editAssertionInBody,
  interceptAssertion,
  isRefusal,
  resignWithFlags,
  withCsrfToken,
  type TCapturedAssertion,
} from './fixtures/assertion-capture';
import { meStatus, type TBrowserSession } from './fixtures/onboarding';
import type { TIdentity } from './fixtures/run-info';
import { attemptSignIn, expectRefused } from './fixtures/ui';
import { expect, test, type TSessions } from './fixtures/test';

async function withCredential(sessions: TSessions, identity: TIdentity, options?: Parameters<TSessions['open']>[1]): Promise<TBrowserSession> {
  const session = await sessions.open(undefined, options);
  await session.authenticator.addCredential(identity.credential);
  return session;
}

/** Starts sign-in and withholds the assertion from the server; the challenge stays unused. */
async function withheldAssertion(session: TBrowserSession): Promise<{ captured: TCapturedAssertion; optionsUrl: string | undefined }> {
  const interceptor = await interceptAssertion(session.page, session.context, 'withhold');
  await session.page.goto('/login');
  await session.page.getByRole('button', { name: 'Sign in with passkey' }).click();
  const captured = await interceptor.assertion;
  return { captured, optionsUrl: interceptor.optionsRequest()?.url };
}

async function send(session: TBrowserSession, request: { url: string; headers: Record<string, string>; body: string }) {
  return session.context.request.post(request.url, { headers: request.headers, data: request.body, maxRedirects: 0 });
}

test.describe('user verification', () => {
  test('an authenticator that cannot verify the user is refused at sign-in', async ({ sessions }) => {
    const member = await sessions.newStaff('NoUV');
    const unverified = await withCredential(sessions, member.identity, { isUserVerified: false });
    const attempt = await attemptSignIn(unverified.page);
    expectRefused(attempt);
    expect(await meStatus(unverified)).toBe(401);
  });

  test('an assertion re-signed by the test harness with its flags unchanged is accepted (control)', async ({ sessions }) => {
    const member = await sessions.newStaff('Resign');
    const browser = await withCredential(sessions, member.identity);
    const edit = resignWithFlags(member.identity.credential.privateKey, (f) => f);
    await interceptAssertion(browser.page, browser.context, { tamper: (body, type) => editAssertionInBody(body, type, edit) });
    const attempt = await attemptSignIn(browser.page);
    expect(attempt.outcome, attempt.message).toBe('signed-in');
    expect(await meStatus(browser)).toBe(200);
  });

  test('an assertion whose user-verified flag is cleared (validly signed) is refused by the server', async ({ sessions }) => {
    const member = await sessions.newStaff('UVCleared');
    const browser = await withCredential(sessions, member.identity);
    const edit = resignWithFlags(member.identity.credential.privateKey, (f) => f & ~FLAG_USER_VERIFIED);
    await interceptAssertion(browser.page, browser.context, { tamper: (body, type) => editAssertionInBody(body, type, edit) });
    const attempt = await attemptSignIn(browser.page);
    expectRefused(attempt);
    expect(await meStatus(browser)).toBe(401);
  });
});

test.describe('replay and challenge binding', () => {
  test('a replayed sign-in assertion is refused', async ({ sessions, playwright }) => {
    const member = await sessions.newStaff('Replay');
    const browser = await withCredential(sessions, member.identity);
    const interceptor = await interceptAssertion(browser.page, browser.context, 'deliver');
    const attempt = await attemptSignIn(browser.page);
    expect(attempt.outcome, attempt.message).toBe('signed-in');
    const captured = await interceptor.assertion;

    // The same browser state as when the assertion was sent (binding and CSRF cookies, no session yet).
    const replayer = await playwright.request.newContext({ baseURL: browser.origin, storageState: { cookies: captured.cookiesBefore, origins: [] } });
    try {
      const replay = await replayer.post(captured.url, { headers: captured.headers, data: captured.body, maxRedirects: 0 });
      const text = await replay.text();
      test.info().annotations.push({ type: 'server answer', description: describeResponse(replay, text) });
      expect(await isRefusal(replay), describeResponse(replay, text)).toBe(true);
      expect((await replayer.get('/api/me')).status()).toBe(401);
    } finally {
      await replayer.dispose();
    }
  });

  test('an assertion withheld from the server is accepted when its own browser sends it later (control)', async ({ sessions }) => {
    const member = await sessions.newStaff('Withheld');
    const browserA = await withCredential(sessions, member.identity);
    const { captured } = await withheldAssertion(browserA);
    const res = await send(browserA, captured);
    const text = await res.text();
    expect(await isRefusal(res), describeResponse(res, text)).toBe(false);
    expect(await meStatus(browserA)).toBe(200);
  });

  test('an assertion for a challenge issued to another browser is refused', async ({ sessions }) => {
    const member = await sessions.newStaff('OtherBrowser');
    const browserA = await withCredential(sessions, member.identity);
    const { captured, optionsUrl } = await withheldAssertion(browserA);
    expect(optionsUrl, 'the sign-in options request was seen').toBeDefined();

    // Browser B has its own binding cookie and challenge, and its own CSRF token, but sends A's assertion.
    const browserB = await sessions.open();
    await browserB.page.goto('/login');
    expect((await browserB.context.request.post(optionsUrl!, { data: {} })).status()).toBe(200);
    let body = captured.body;
    const contentType = captured.headers['content-type'];
    if (bodyHasCsrfToken(body, contentType)) {
      const csrf = (await (await browserB.context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      body = withCsrfToken(body, contentType, csrf.csrfToken);
    }
    const res = await send(browserB, { ...captured, body });
    const text = await res.text();
    test.info().annotations.push({ type: 'server answer', description: describeResponse(res, text) });
    expect(await isRefusal(res), describeResponse(res, text)).toBe(true);
    expect(await meStatus(browserB)).toBe(401);
    await browserB.page.goto('/');
    expect(new URL(browserB.page.url()).pathname).toBe('/login');
  });
});

