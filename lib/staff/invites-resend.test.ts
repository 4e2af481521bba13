/**
 * An invite request delivered twice (a browser resending the POST after an instance crashed
 * between the commit and its answer, docs/ha.md): the resend gets a fresh link for the same
 * invite; reusing the submission id for anything else is refused and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, invites, roles } from '@/db/schema';
import { createSigner } from '@/lib/approvals/testing/approval-fixtures';
import { actorFor, meta, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { finishInviteEnrolment, startInviteEnrolment } from './accept-invite';
import { createInvite, findOpenInvite, revokeInvite } from './invites';

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const adminActor = () => actorFor(t.db, admin.session.id);
const tokenOf = (url: string) => url.split('/invite/')[1]!;

async function roleId(key: string): Promise<string> {
  const [r] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
  return r!.id;
}

async function inviteInput() {
  return { name: 'Nora Newcomer', email: `nora-${randomUUID().slice(0, 8)}@example.test`, roleId: await roleId('auditor'), submissionId: randomUUID() };
}

async function actionsOn(inviteId: string): Promise<string[]> {
  const rows = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, inviteId)).orderBy(auditEvents.seq);
  return rows.map((r) => r.action);
}

async function invitesWith(submissionId: string) {
  return t.db.select().from(invites).where(eq(invites.submissionId, submissionId));
}

async function enrol(token: string, email: string) {
  const binding = `inv-${email}`;
  const options = await startInviteEnrolment(t.db, { token, bindingHash: binding });
  return finishInviteEnrolment(t.db, { token, response: newAuthenticator().register(options.challenge), bindingHash: binding, meta: meta() });
}

describe('invites: a resent submission', () => {
  it('gets a fresh link for the same invite: one row, the earlier link stops working, the fresh one enrols', async () => {
    const input = await inviteInput();
    const first = await createInvite(t.db, await adminActor(), input);
    const second = await createInvite(t.db, await adminActor(), input);
    expect(first.reissued).toBe(false);
    expect(second).toMatchObject({ inviteId: first.inviteId, expiresAt: first.expiresAt, reissued: true });
    expect(second.url).not.toBe(first.url);
    expect(await invitesWith(input.submissionId)).toHaveLength(1);
    expect(await t.db.select().from(invites).where(eq(invites.email, input.email))).toHaveLength(1);

    expect(await findOpenInvite(t.db, tokenOf(first.url))).toBeNull();
    await expect(startInviteEnrolment(t.db, { token: tokenOf(first.url), bindingHash: 'old-link' })).rejects.toMatchObject({ code: 'GONE' });
    expect(await findOpenInvite(t.db, tokenOf(second.url))).toMatchObject({ id: first.inviteId, email: input.email });
    expect(await actionsOn(first.inviteId)).toEqual(['invite.created', 'invite.link_reissued']);
    const events = JSON.stringify(await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, first.inviteId)));
    expect(events).not.toContain(tokenOf(first.url));
    expect(events).not.toContain(tokenOf(second.url));

    const { staffId } = await enrol(tokenOf(second.url), input.email);
    expect(staffId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await actionsOn(first.inviteId)).toEqual(['invite.created', 'invite.link_reissued', 'invite.accepted']);
  });

  it('refuses the same submission id for another person, name or role, or from another administrator (CONFLICT), changing nothing', async () => {
    const input = await inviteInput();
    const first = await createInvite(t.db, await adminActor(), input);
    const [before] = await invitesWith(input.submissionId);
    const otherEmail = `other-${randomUUID().slice(0, 8)}@example.test`;
    const colleague = await createSigner(t.db, ['administrator'], 'Abe Admin');
    const attempts = [
      async () => createInvite(t.db, await adminActor(), { ...input, email: otherEmail }),
      async () => createInvite(t.db, await adminActor(), { ...input, name: 'Someone Else' }),
      async () => createInvite(t.db, await adminActor(), { ...input, roleId: await roleId('administrator') }),
      async () => createInvite(t.db, await colleague.actor(), input),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already submitted for a different invite/) });

    expect(await invitesWith(input.submissionId)).toEqual([before]);
    expect(await t.db.select().from(invites).where(eq(invites.email, otherEmail))).toHaveLength(0);
    expect(await findOpenInvite(t.db, tokenOf(first.url))).toMatchObject({ id: first.inviteId });
    expect(await actionsOn(first.inviteId)).toEqual(['invite.created']);
  });

  it('refuses a missing or malformed submission id with a validation error and creates nothing', async () => {
    const input = await inviteInput();
    const withoutId = { name: input.name, email: input.email, roleId: input.roleId };
    await expect(createInvite(t.db, await adminActor(), withoutId)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/submissionId/) });
    await expect(createInvite(t.db, await adminActor(), { ...withoutId, submissionId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await t.db.select().from(invites).where(eq(invites.email, withoutId.email))).toHaveLength(0);
  });

  it('refuses a resend once the invite was revoked, accepted or has expired (CONFLICT), leaving it as it was', async () => {
    const revoked = await inviteInput();
    const r = await createInvite(t.db, await adminActor(), revoked);
    await revokeInvite(t.db, await adminActor(), r.inviteId);
    await expect(createInvite(t.db, await adminActor(), revoked)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/was revoked/) });
    expect(await actionsOn(r.inviteId)).toEqual(['invite.created', 'invite.revoked']);

    const accepted = await inviteInput();
    const a = await createInvite(t.db, await adminActor(), accepted);
    await enrol(tokenOf(a.url), accepted.email);
    await expect(createInvite(t.db, await adminActor(), accepted)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already accepted/) });
    expect(await actionsOn(a.inviteId)).toEqual(['invite.created', 'invite.accepted']);

    const expired = await inviteInput();
    const e = await createInvite(t.db, await adminActor(), expired);
    await t.db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, e.inviteId));
    const [stale] = await invitesWith(expired.submissionId);
    await expect(createInvite(t.db, await adminActor(), expired)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has expired/) });
    expect(await invitesWith(expired.submissionId)).toEqual([stale]);
    expect(await actionsOn(e.inviteId)).toEqual(['invite.created']);

    for (const input of [revoked, accepted, expired]) expect(await invitesWith(input.submissionId)).toHaveLength(1);
  });
});

describe.skipIf(!onPostgres)('invites: concurrent deliveries (Postgres only; PGlite has one connection)', () => {
  it('four deliveries at once create one invite, audit its creation once, and leave exactly one working link', async () => {
    const input = await inviteInput();
    const actor = await adminActor();
    const results = await Promise.all(Array.from({ length: 4 }, () => createInvite(t.db, actor, input)));
    const [row] = await invitesWith(input.submissionId);
    expect(await invitesWith(input.submissionId)).toHaveLength(1);
    expect(new Set(results.map((r) => r.inviteId))).toEqual(new Set([row!.id]));
    expect(results.filter((r) => !r.reissued)).toHaveLength(1);
    const open = await Promise.all(results.map(async (r) => findOpenInvite(t.db, tokenOf(r.url))));
    expect(open.filter(Boolean)).toHaveLength(1);
    const [created] = await t.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.targetId, row!.id), eq(auditEvents.action, 'invite.created')));
    const [reissued] = await t.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.targetId, row!.id), eq(auditEvents.action, 'invite.link_reissued')));
    expect([Number(created!.n), Number(reissued!.n)]).toEqual([1, 3]);
  }, 60_000);
});
