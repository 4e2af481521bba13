import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, passkeys, rateLimits, roles, setupTokens, signInFailures, staff, staffRoles, webauthnChallenges } from '@/db/schema';
import { seedBuiltInRoles } from '@/db/seed';
import { meta, newAuthenticator } from '@/lib/testing/auth-factories';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { currentRequest, enterRequest } from '@/lib/testing/matrix/request-context';
import { POST as authenticateOptions } from '@/app/api/passkeys/authenticate/options/route';
import { finishFirstAdminEnrolment, startFirstAdminEnrolment } from './enrol-first-admin';
import { issueSetupLinkIfNeeded } from './setup-link';
import { signInWithPasskey, startPasskeySignIn } from './sign-in';
import { SIGN_IN_OPTIONS_LIMIT } from './sign-in-throttle';
import { randomToken, sha256Hex } from './tokens';

vi.mock('next/headers', async () => (await import('@/lib/testing/matrix/request-context')).nextHeadersMock);

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedBuiltInRoles(t.db);
});
afterAll(async () => t?.dispose());

const administrators = async () =>
  t.db.select({ id: staff.id }).from(staffRoles).innerJoin(roles, eq(roles.id, staffRoles.roleId)).innerJoin(staff, eq(staff.id, staffRoles.staffId)).where(eq(roles.key, 'administrator'));

async function enrolWith(token: string, email: string) {
  const soft = newAuthenticator();
  const binding = `setup-${email}`;
  const options = await startFirstAdminEnrolment(t.db, { token, name: 'First Admin', email, bindingHash: binding });
  return { soft, finish: () => finishFirstAdminEnrolment(t.db, { token, response: soft.register(options.challenge), bindingHash: binding, meta: meta() }) };
}

describe('first administrator setup under concurrency', () => {
  it('two instances starting together leave exactly one valid setup link', async () => {
    const links = await Promise.all([issueSetupLinkIfNeeded(t.db), issueSetupLinkIfNeeded(t.db)]);
    expect(links.every((l) => typeof l === 'string')).toBe(true);
    expect(await t.db.select().from(setupTokens).where(isNull(setupTokens.usedAt))).toHaveLength(1);
  });

  it('two setup links used at once create one administrator; the other is refused and adds nobody', async () => {
    // Two valid links (as an older release could leave behind).
    const [a, b] = [randomToken(), randomToken()];
    await t.db.insert(setupTokens).values([a, b].map((tk) => ({ tokenHash: sha256Hex(tk), expiresAt: new Date(Date.now() + 3_600_000) })));
    const first = await enrolWith(a, 'one@example.test');
    const second = await enrolWith(b, 'two@example.test');
    const results = await Promise.allSettled([first.finish(), second.finish()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'GONE' } });
    expect(await administrators()).toHaveLength(1);
    expect(await t.db.select().from(staff)).toHaveLength(1);
    expect(await issueSetupLinkIfNeeded(t.db)).toBeNull();
  });
});

describe('passkey status stays private to the key holder', () => {
  it('a forged assertion for a suspended passkey or a disabled account learns only that the signature failed', async () => {
    const [owner] = await t.db.select().from(staff);
    const [key] = await t.db.select().from(passkeys).where(eq(passkeys.staffId, owner!.id));
    await t.db.update(passkeys).set({ suspendedAt: new Date(), suspendedReason: 'test' }).where(eq(passkeys.id, key!.id));
    const forger = newAuthenticator();
    const o = await startPasskeySignIn(t.db, { bindingHash: 'forge', meta: meta('203.0.113.50') });
    const forged = { ...forger.assert(o.challenge), id: key!.credentialId, rawId: key!.credentialId };
    await expect(signInWithPasskey(t.db, { response: forged, bindingHash: 'forge', meta: meta('203.0.113.50') })).rejects.toThrow('The passkey signature could not be verified.');
    const [failure] = await t.db.select().from(signInFailures).where(eq(signInFailures.ip, '203.0.113.50'));
    expect(failure!.reason).toBe('bad_signature');
    // Nor does it learn that the account is disabled. (The holder of the real key is told: passkey-sign-in.test.ts.)
    await t.db.update(staff).set({ status: 'disabled' }).where(eq(staff.id, owner!.id));
    const forged2 = await startPasskeySignIn(t.db, { bindingHash: 'forge2', meta: meta('203.0.113.51') });
    await expect(signInWithPasskey(t.db, { response: { ...forger.assert(forged2.challenge), id: key!.credentialId, rawId: key!.credentialId }, bindingHash: 'forge2', meta: meta('203.0.113.51') })).rejects.toThrow('The passkey signature could not be verified.');
    expect(JSON.stringify(await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in.failed')))).not.toMatch(/suspended_credential|staff_disabled/);
    await t.db.update(staff).set({ status: 'active' }).where(eq(staff.id, owner!.id));
    await t.db.update(passkeys).set({ suspendedAt: null, suspendedReason: null }).where(eq(passkeys.id, key!.id));
  });
});

describe('sign-in throttling', () => {
  it('rate-limits unauthenticated sign-in options per IP with 429 and Retry-After, other clients unaffected', async () => {
    const ask = async (ip: string) => {
      await enterRequest({ sessionId: null, binding: 'c'.repeat(43), ip });
      return authenticateOptions(currentRequest('POST', '/api/passkeys/authenticate/options', {}), { params: Promise.resolve({}) });
    };
    // Fill this client's fixed window up to two requests short of the limit (away from a window edge).
    const windowMs = SIGN_IN_OPTIONS_LIMIT.windowSeconds * 1000;
    if (windowMs - (Date.now() % windowMs) < 5000) await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 50));
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    await t.db.insert(rateLimits).values({ key: `${SIGN_IN_OPTIONS_LIMIT.bucket}:2001:db8:77:1::/64`, windowStart, count: SIGN_IN_OPTIONS_LIMIT.limit - 2 });
    for (const ip of ['2001:db8:77:1::1', '2001:db8:77:1::2']) expect((await ask(ip)).status).toBe(200);
    const before = await t.db.$count(webauthnChallenges);
    // Another address in the same IPv6 /64 shares the allowance.
    const refused = await ask('2001:db8:77:1:aaaa:bbbb:cccc:dddd');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(await t.db.$count(webauthnChallenges)).toBe(before);
    expect((await ask('2001:db8:77:2::1')).status).toBe(200);
    expect((await ask('203.0.113.77')).status).toBe(200);
  });

  it('counts failed sign-ins of an IPv6 /64 together', async () => {
    const [owner] = await t.db.select().from(staff);
    const [key] = await t.db.select().from(passkeys).where(eq(passkeys.staffId, owner!.id));
    const forger = newAuthenticator();
    for (let i = 1; i <= 20; i++) {
      const ip = `2001:db8:99:1::${i.toString(16)}`;
      const o = await startPasskeySignIn(t.db, { bindingHash: `v6-${i}`, meta: meta(ip) });
      const forged = { ...forger.assert(o.challenge), id: key!.credentialId, rawId: key!.credentialId };
      await expect(signInWithPasskey(t.db, { response: forged, bindingHash: `v6-${i}`, meta: meta(ip) })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    }
    await expect(startPasskeySignIn(t.db, { bindingHash: 'v6-next', meta: meta('2001:db8:99:1:ffff::1') })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(startPasskeySignIn(t.db, { bindingHash: 'v6-other', meta: meta('2001:db8:99:2::1') })).resolves.toMatchObject({ challenge: expect.any(String) });
  });
});
