import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, notifications, passkeys, sessions } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { meta, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import { listMyAlerts } from '@/lib/notifications/list-my-alerts';
import { findValidSetupToken, issueSetupLinkIfNeeded } from './setup-link';
import { signInWithPasskey, startPasskeySignIn } from './sign-in';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function attempt(binding: string, opts: Parameters<typeof admin.authenticator.assert>[1] = {}, ip = '198.51.100.7') {
  const options = await startPasskeySignIn(t.db, { bindingHash: binding, meta: meta(ip) });
  const response = admin.authenticator.assert(options.challenge, opts);
  return { response, run: () => signInWithPasskey(t.db, { response, bindingHash: binding, meta: meta(ip) }) };
}

const actions = async () => (await t.db.select({ action: auditEvents.action, result: auditEvents.result }).from(auditEvents)).map((e) => `${e.action}:${e.result}`);

describe('first administrator setup', () => {
  it('creates an administrator with a passkey, audits it and closes the setup link', async () => {
    expect(await actions()).toEqual(expect.arrayContaining(['setup.completed:success', 'passkey.added:success', 'auth.sign_in.succeeded:success']));
    expect(admin.actor.roles.map((r) => r.key)).toEqual(['administrator']);
    expect(await findValidSetupToken(t.db, admin.token)).toBeNull();
    expect(await issueSetupLinkIfNeeded(t.db)).toBeNull();
  });
});

describe('passkey sign-in', () => {
  it('opens a new session for a user-verified assertion', async () => {
    const { run } = await attempt('b1');
    const s1 = await run();
    const s2 = await (await attempt('b1')).run();
    expect(s1.staffId).toBe(admin.staffId);
    expect(s2.id).not.toBe(s1.id);
  });

  it('refuses an assertion without user verification and records the failure', async () => {
    const before = (await t.db.select().from(sessions)).length;
    const { run } = await attempt('b2', { userVerified: false });
    await expect(run()).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect((await t.db.select().from(sessions)).length).toBe(before);
    const failed = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in.failed'));
    expect(failed.some((e) => e.reason === 'user_not_verified')).toBe(true);
  });

  it('refuses a replayed assertion (the challenge is single use)', async () => {
    const { response, run } = await attempt('b3');
    await run();
    await expect(signInWithPasskey(t.db, { response, bindingHash: 'b3', meta: meta() })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
  });

  it('refuses a challenge issued to another browser', async () => {
    const options = await startPasskeySignIn(t.db, { bindingHash: 'browser-A', meta: meta() });
    const response = admin.authenticator.assert(options.challenge);
    await expect(signInWithPasskey(t.db, { response, bindingHash: 'browser-B', meta: meta() })).rejects.toThrow(/another browser/);
  });

  it('refuses an assertion made for another origin', async () => {
    const { run } = await attempt('b4', { origin: 'https://evil.example' });
    await expect(run()).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
  });
});

describe('signature counter regression', () => {
  it('suspends the passkey, alerts administrators and refuses it afterwards', async () => {
    const extra = await setUpSecondKey();
    const ok = await startPasskeySignIn(t.db, { bindingHash: 'c1', meta: meta() });
    await signInWithPasskey(t.db, { response: extra.assert(ok.challenge, { counter: 10 }), bindingHash: 'c1', meta: meta() });
    const replay = await startPasskeySignIn(t.db, { bindingHash: 'c1', meta: meta() });
    await expect(signInWithPasskey(t.db, { response: extra.assert(replay.challenge, { counter: 5 }), bindingHash: 'c1', meta: meta() })).rejects.toThrow(/counter/);
    const [row] = await t.db.select().from(passkeys).where(eq(passkeys.credentialId, extra.id));
    expect(row!.suspendedAt).not.toBeNull();
    expect(await t.db.select().from(notifications).where(eq(notifications.kind, 'passkey.suspended'))).toHaveLength(1);
    const again = await startPasskeySignIn(t.db, { bindingHash: 'c1', meta: meta() });
    await expect(signInWithPasskey(t.db, { response: extra.assert(again.challenge, { counter: 50 }), bindingHash: 'c1', meta: meta() })).rejects.toThrow(/suspended/);
  });
});

async function setUpSecondKey() {
  const { createRegistrationOptions, storePasskey, verifyRegistration } = await import('./registration');
  const soft = newAuthenticator();
  const options = await createRegistrationOptions(t.db, { bindingHash: 'reg', userId: admin.staffId, userName: 'ada@example.test', displayName: 'Ada', context: { flow: 'add', staffId: admin.staffId }, staffId: admin.staffId });
  const verified = await verifyRegistration(t.db, { response: soft.register(options.challenge), bindingHash: 'reg' });
  await t.db.transaction((tx) => storePasskey(tx, { staffId: admin.staffId, credential: verified.credential, name: 'Second' }));
  return soft;
}

describe('sign-in throttling', () => {
  it('throttles an IP after repeated failures with Retry-After, while another IP still signs in', async () => {
    const ip = '203.0.113.99';
    for (let i = 0; i < 20; i++) {
      const { run } = await attempt(`t${i}`, { userVerified: false }, ip);
      await expect(run()).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    }
    await expect(startPasskeySignIn(t.db, { bindingHash: 'tx', meta: meta(ip) })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    const other = await attempt('ty', {}, '203.0.113.100');
    await expect(other.run()).resolves.toMatchObject({ staffId: admin.staffId });
  });

  it('alerts administrators once after 10 failures against one account', async () => {
    const alerts = await t.db.select().from(notifications).where(and(eq(notifications.kind, 'auth.account_failures')));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toMatchObject({ staffId: admin.staffId });
    // The alert reaches administrators' Overview (audience = role key) and nobody else's.
    const mine = await listMyAlerts(t.db, admin.actor);
    expect(mine.map((a) => a.id)).toContain(alerts[0]!.id);
    expect(await listMyAlerts(t.db, { roles: [{ key: 'auditor', name: 'Auditor' }] })).toEqual([]);
  });
});
