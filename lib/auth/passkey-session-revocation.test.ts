import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, passkeys, roles, sessions } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { actorFor, meta, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { SoftAuthenticator } from '@/lib/testing/soft-authenticator';
import { finishInviteEnrolment, startInviteEnrolment } from '@/lib/staff/accept-invite';
import { createInvite } from '@/lib/staff/invites';
import { removePasskey } from './manage-passkeys';
import { createRegistrationOptions, storePasskey, verifyRegistration } from './registration';
import { resolveSession } from './sessions';
import { signInWithPasskey, startPasskeySignIn } from './sign-in';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

/** An auditor with two passkeys ("laptop" from the invite, "phone" added later). */
async function personWithTwoKeys(email: string) {
  const [role] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'auditor'));
  const { url } = await createInvite(t.db, await actorFor(t.db, admin.session.id), { name: 'Pat', email, roleId: role!.id, submissionId: randomUUID() });
  const token = url.split('/invite/')[1]!;
  const laptop = newAuthenticator();
  const options = await startInviteEnrolment(t.db, { token, bindingHash: `inv-${email}` });
  const { staffId } = await finishInviteEnrolment(t.db, { token, response: laptop.register(options.challenge), bindingHash: `inv-${email}`, meta: meta() });
  const phone = newAuthenticator();
  const reg = await createRegistrationOptions(t.db, { bindingHash: 'reg', staffId, userId: staffId, userName: email, displayName: 'Pat', context: { flow: 'add', staffId } });
  const verified = await verifyRegistration(t.db, { response: phone.register(reg.challenge), bindingHash: 'reg' });
  await t.db.transaction((tx) => storePasskey(tx, { staffId, credential: verified.credential, name: 'Phone' }));
  return { staffId, laptop, phone };
}

async function signIn(key: SoftAuthenticator, binding: string, opts: Parameters<SoftAuthenticator['assert']>[1] = {}) {
  const o = await startPasskeySignIn(t.db, { bindingHash: binding, meta: meta() });
  return signInWithPasskey(t.db, { response: key.assert(o.challenge, opts), bindingHash: binding, meta: meta() });
}

const passkeyIdOf = async (key: SoftAuthenticator) => (await t.db.select().from(passkeys).where(eq(passkeys.credentialId, key.id)))[0]!.id;
const revocations = (sessionId: string) => t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'session.revoked'), eq(auditEvents.targetId, sessionId)));

describe('removing a passkey', () => {
  it('ends every open session opened with it (audited) and keeps the sessions of other passkeys', async () => {
    const p = await personWithTwoKeys('laptop-thief@example.test');
    const thief = await signIn(p.laptop, 'thief');
    const owner = await signIn(p.phone, 'owner');
    await removePasskey(t.db, await actorFor(t.db, owner.id), await passkeyIdOf(p.laptop));
    expect(await resolveSession(t.db, thief.id)).toEqual({ kind: 'none', reason: 'passkey-removed' });
    expect((await resolveSession(t.db, owner.id)).kind).toBe('active');
    const [audit] = await revocations(thief.id);
    expect(audit).toMatchObject({ result: 'success', reason: 'passkey-removed', actorId: p.staffId });
    expect(audit!.data).toMatchObject({ staffId: p.staffId, scope: 'passkey-removed' });
    expect(await revocations(owner.id)).toHaveLength(0);
  });

  it('a refused removal (the only passkey left) ends no session', async () => {
    const p = await personWithTwoKeys('only-one@example.test');
    const owner = await signIn(p.phone, 'owner2');
    await removePasskey(t.db, await actorFor(t.db, owner.id), await passkeyIdOf(p.laptop));
    const again = await signIn(p.phone, 'owner3');
    await expect(removePasskey(t.db, await actorFor(t.db, again.id), await passkeyIdOf(p.phone))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await resolveSession(t.db, again.id)).kind).toBe('active');
    expect((await resolveSession(t.db, owner.id)).kind).toBe('active');
    expect(await t.db.select().from(passkeys).where(eq(passkeys.staffId, p.staffId))).toHaveLength(1);
  });
});

describe('suspending a cloned passkey', () => {
  it('ends every session of that staff member, the clone holder\'s included, and audits each', async () => {
    const p = await personWithTwoKeys('cloned@example.test');
    const clone = await signIn(p.laptop, 'clone', { counter: 50 });
    const otherDevice = await signIn(p.phone, 'phone');
    await expect(signIn(p.laptop, 'owner', { counter: 3 })).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect((await resolveSession(t.db, clone.id)).kind).toBe('none');
    expect((await resolveSession(t.db, otherDevice.id)).kind).toBe('none');
    expect(await t.db.select().from(sessions).where(and(eq(sessions.staffId, p.staffId), isNull(sessions.endedAt)))).toHaveLength(0);
    for (const id of [clone.id, otherDevice.id]) {
      expect(await revocations(id)).toEqual([expect.objectContaining({ result: 'success', reason: 'revoked', actorType: 'system' })]);
    }
    // Someone else's sessions are untouched, and the owner can sign in again with the other passkey.
    expect((await resolveSession(t.db, admin.session.id)).kind).toBe('active');
    expect((await signIn(p.phone, 'phone-again')).staffId).toBe(p.staffId);
  });

  it('a counter that moves forward suspends nothing and ends no session', async () => {
    const p = await personWithTwoKeys('honest@example.test');
    const first = await signIn(p.laptop, 'h1', { counter: 5 });
    await signIn(p.laptop, 'h2', { counter: 6 });
    expect((await resolveSession(t.db, first.id)).kind).toBe('active');
    expect((await t.db.select().from(passkeys).where(eq(passkeys.credentialId, p.laptop.id)))[0]!.suspendedAt).toBeNull();
  });
});
