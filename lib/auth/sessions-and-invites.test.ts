import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, invites, sessions, staff } from '@/db/schema';
import type { TTestDb } from '@/lib/testing/db';
import { actorFor, ageSession, meta, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import { finishInviteEnrolment, startInviteEnrolment } from '@/lib/staff/accept-invite';
import { createInvite, findOpenInvite, revokeInvite } from '@/lib/staff/invites';
import { setStaffStatus } from '@/lib/staff/staff-directory';
import { roles } from '@/db/schema';
import { createActionSignatureOptions, verifyActionSignature } from './action-signature';
import { removePasskey } from './manage-passkeys';
import { signOutEverywhereElse } from './my-sessions';
import { resolveSession } from './sessions';
import { signInWithEnrolmentTicket, signInWithPasskey, startPasskeySignIn } from './sign-in';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function roleId(key: string) {
  const [r] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
  return r!.id;
}

async function inviteAndEnrol(email: string, roleKey = 'compliance-officer') {
  const actor = await actorFor(t.db, admin.session.id);
  const { url } = await createInvite(t.db, actor, { name: 'Colin Compliance', email, roleId: await roleId(roleKey), submissionId: randomUUID() });
  const token = url.split('/invite/')[1]!;
  const soft = newAuthenticator();
  const options = await startInviteEnrolment(t.db, { token, bindingHash: `inv-${email}` });
  const { staffId, ticket } = await finishInviteEnrolment(t.db, { token, response: soft.register(options.challenge), bindingHash: `inv-${email}`, meta: meta() });
  const session = await signInWithEnrolmentTicket(t.db, { ticket, bindingHash: `inv-${email}`, meta: meta() });
  return { staffId, token, soft, session };
}

describe('invites', () => {
  it('enrols the invitee with the invite role; the link works once', async () => {
    const colin = await inviteAndEnrol('colin@example.test');
    const actor = await actorFor(t.db, colin.session.id);
    expect(actor.roles.map((r) => r.key)).toEqual(['compliance-officer']);
    expect(await findOpenInvite(t.db, colin.token)).toBeNull();
    await expect(startInviteEnrolment(t.db, { token: colin.token, bindingHash: 'x' })).rejects.toMatchObject({ code: 'GONE' });
    const options = await startPasskeySignIn(t.db, { bindingHash: 'colin-b', meta: meta() });
    const s = await signInWithPasskey(t.db, { response: colin.soft.assert(options.challenge), bindingHash: 'colin-b', meta: meta() });
    expect(s.staffId).toBe(colin.staffId);
  });

  it('requires a recent passkey confirmation to create an invite', async () => {
    await ageSession(t.db, admin.session.id, 6 * 60);
    const actor = await actorFor(t.db, admin.session.id);
    await expect(createInvite(t.db, actor, { name: 'Late Larry', email: 'larry@example.test', roleId: await roleId('auditor'), submissionId: randomUUID() })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(await t.db.select().from(invites).where(eq(invites.email, 'larry@example.test'))).toHaveLength(0);
    await t.db.update(sessions).set({ lastPasskeyAt: new Date() }).where(eq(sessions.id, admin.session.id));
  });

  it('refuses invites from staff without the permission and leaves nothing behind', async () => {
    const colin = await inviteAndEnrol('colin2@example.test');
    const actor = await actorFor(t.db, colin.session.id);
    await expect(createInvite(t.db, actor, { name: 'Mallory', email: 'mallory@example.test', roleId: await roleId('administrator'), submissionId: randomUUID() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.select().from(invites).where(eq(invites.email, 'mallory@example.test'))).toHaveLength(0);
  });

  it('answers bad invite input with a validation error', async () => {
    const actor = await actorFor(t.db, admin.session.id);
    await expect(createInvite(t.db, actor, { name: 'X', email: 'not-an-email', roleId: 'nope' })).rejects.toThrow();
  });

  it('a revoked invite link stops working', async () => {
    const actor = await actorFor(t.db, admin.session.id);
    const { inviteId, url } = await createInvite(t.db, actor, { name: 'Rita Revoked', email: 'rita@example.test', roleId: await roleId('auditor'), submissionId: randomUUID() });
    await revokeInvite(t.db, actor, inviteId);
    expect(await findOpenInvite(t.db, url.split('/invite/')[1]!)).toBeNull();
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, inviteId));
    expect(events.map((e) => e.action)).toEqual(['invite.created', 'invite.revoked']);
  });
});

describe('sessions', () => {
  it('an idle session locks (idle state) and is audited once', async () => {
    const { session } = await inviteAndEnrol('idle@example.test', 'auditor');
    await ageSession(t.db, session.id, 16 * 60);
    expect((await resolveSession(t.db, session.id)).kind).toBe('idle');
    expect((await resolveSession(t.db, session.id)).kind).toBe('idle');
    const idle = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'session.idle_expired'));
    expect(idle.filter((e) => e.targetId === session.id)).toHaveLength(1);
  });

  it('disabling a staff member ends their sessions at once', async () => {
    const victim = await inviteAndEnrol('disabled@example.test', 'auditor');
    await setStaffStatus(t.db, await actorFor(t.db, admin.session.id), { staffId: victim.staffId, status: 'disabled' });
    expect(await resolveSession(t.db, victim.session.id)).toEqual({ kind: 'none', reason: 'staff-disabled' });
    const [row] = await t.db.select().from(staff).where(eq(staff.id, victim.staffId));
    expect(row!.status).toBe('disabled');
  });

  it('sign out everywhere else keeps only the current session', async () => {
    const other = await signInAgain();
    const count = await signOutEverywhereElse(t.db, await actorFor(t.db, admin.session.id));
    expect(count).toBeGreaterThanOrEqual(1);
    expect((await resolveSession(t.db, other)).kind).toBe('none');
    expect((await resolveSession(t.db, admin.session.id)).kind).toBe('active');
  });

  it('an expired session is refused', async () => {
    const other = await signInAgain();
    await t.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, other));
    expect(await resolveSession(t.db, other)).toEqual({ kind: 'none', reason: 'expired' });
  });
});

async function signInAgain(): Promise<string> {
  const o = await startPasskeySignIn(t.db, { bindingHash: 'again', meta: meta() });
  return (await signInWithPasskey(t.db, { response: admin.authenticator.assert(o.challenge), bindingHash: 'again', meta: meta() })).id;
}

describe('passkey management', () => {
  it('never removes the last passkey', async () => {
    const actor = await actorFor(t.db, admin.session.id);
    const [only] = await t.db.select().from((await import('@/db/schema')).passkeys).where(eq((await import('@/db/schema')).passkeys.staffId, admin.staffId));
    await expect(removePasskey(t.db, actor, only!.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('action signatures', () => {
  const payload = { requestId: 'r-1', version: 3, step: 1, decision: 'approve', payloadHash: 'ab'.repeat(32) };

  it('verifies a signature over exactly the submitted payload', async () => {
    const actor = await actorFor(t.db, admin.session.id);
    const options = await createActionSignatureOptions(t.db, { actor, bindingHash: 'sig', domain: 'approval', payload });
    const proof = await verifyActionSignature(t.db, { actor, bindingHash: 'sig', domain: 'approval', payload, response: admin.authenticator.assert(options.challenge) });
    expect(proof.credentialId).toBe(admin.authenticator.id);
  });

  it('rejects a signature submitted with a different payload', async () => {
    const actor = await actorFor(t.db, admin.session.id);
    const options = await createActionSignatureOptions(t.db, { actor, bindingHash: 'sig', domain: 'approval', payload });
    const response = admin.authenticator.assert(options.challenge);
    await expect(verifyActionSignature(t.db, { actor, bindingHash: 'sig', domain: 'approval', payload: { ...payload, version: 4 }, response })).rejects.toThrow(/different action/);
  });
});
