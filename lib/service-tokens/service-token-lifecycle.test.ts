import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, serviceTokenPickups, serviceTokens } from '@/db/schema';
import { createSigner, decide, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { confirmStepUp, STEP_UP_MAX_AGE_SECONDS } from '@/lib/auth/step-up';
import { startPasskeySignIn } from '@/lib/auth/sign-in';
import { ageSession, meta, withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { ingestCounts, postIngest, validBody } from '@/lib/transactions/ingest-test-helpers';
import { listServiceTokens } from './list-service-tokens';
import { requestServiceToken } from './request-service-token';
import { revokeServiceToken } from './revoke-service-token';
import { pickUpServiceToken } from './service-token-pickup';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
let requester: TSigner, admin2: TSigner, compliance: TSigner, analyst: TSigner;

beforeAll(async () => {
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  admin2 = await createSigner(t.db, ['administrator'], 'Abe Admin');
  compliance = await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
  analyst = await createSigner(t.db, ['risk-analyst'], 'Ray Analyst');
});

const payload = { name: 'Payment core (prod)', scopes: ['transactions:ingest'], expiresInDays: 90, requireSignature: false };

async function approvedToken() {
  const req = await requestServiceToken(t.db, await requester.actor(), { payload, reason: 'new payment core cluster', submissionId: randomUUID() });
  expect(await decide(t.db, admin2, req, 0)).toMatchObject({ status: 'pending' });
  expect(await decide(t.db, compliance, req, 0)).toMatchObject({ status: 'executed', executed: true });
  const [row] = await t.db.select().from(serviceTokens).where(eq(serviceTokens.createdViaRequestId, req.id));
  return row!;
}

describe('service tokens: created through approvals, shown once, revocable', () => {
  it('creates nothing until an administrator and a compliance officer approve', async () => {
    const before = (await t.db.select().from(serviceTokens)).length;
    const req = await requestServiceToken(t.db, await requester.actor(), { payload, reason: 'pending one', submissionId: randomUUID() });
    await decide(t.db, admin2, req, 0);
    expect((await t.db.select().from(serviceTokens)).length).toBe(before);
  });

  it('stores only a hash and an encrypted signing secret; the requester reads the plaintext exactly once', async () => {
    const row = await approvedToken();
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hmacSecretEnc).not.toMatch(/^css_/);
    const list = await listServiceTokens(t.db, await requester.actor());
    expect(list.find((x) => x.id === row.id)).toMatchObject({ status: 'active', pickupWaiting: true, prefix: row.prefix });

    await expect(pickUpServiceToken(t.db, await admin2.actor(), row.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const picked = await pickUpServiceToken(t.db, await requester.actor(), row.id);
    expect(picked.token.startsWith(row.prefix)).toBe(true);
    expect(picked.signingSecret).toMatch(/^css_/);
    await expect(pickUpServiceToken(t.db, await requester.actor(), row.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.select().from(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, row.id))).toHaveLength(0);
    const events = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, row.id));
    // Two refused pickups (a colleague's, then the requester's second) are audited as denials.
    expect(events.map((e) => e.action).sort()).toEqual(['authz.denied', 'authz.denied', 'service_token.created', 'service_token.picked_up']);
    expect(JSON.stringify(await t.db.select().from(auditEvents))).not.toContain(picked.token);

    expect((await postIngest(validBody(), { token: picked.token })).status).toBe(201);
    await revokeServiceToken(t.db, await admin.actor, row.id);
    const before = await ingestCounts(t.db);
    expect((await postIngest(validBody(), { token: picked.token })).status).toBe(401);
    expect(await ingestCounts(t.db)).toEqual(before);
    await expect(revokeServiceToken(t.db, admin.actor, row.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('shows the token only after a recent passkey confirmation (step-up); a refused pickup leaves it waiting', async () => {
    const row = await approvedToken();
    await ageSession(t.db, requester.sessionId, STEP_UP_MAX_AGE_SECONDS + 60);
    await expect(pickUpServiceToken(t.db, await requester.actor(), row.id)).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(await t.db.select().from(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, row.id))).toHaveLength(1);
    expect(await t.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, row.id), eq(auditEvents.action, 'service_token.picked_up')))).toHaveLength(0);
    const options = await startPasskeySignIn(t.db, { bindingHash: requester.binding, meta: meta(), purpose: 'step-up', staffId: requester.staffId });
    await confirmStepUp(t.db, { actor: await requester.actor(), response: requester.auth.assert(options.challenge), bindingHash: requester.binding });
    expect((await pickUpServiceToken(t.db, await requester.actor(), row.id)).token.startsWith(row.prefix)).toBe(true);
  });

  it('refuses people without ServiceToken permissions (request, list, revoke) and changes nothing', async () => {
    const row = await approvedToken();
    await expect(requestServiceToken(t.db, await analyst.actor(), { payload, reason: 'let me in', submissionId: randomUUID() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listServiceTokens(t.db, await analyst.actor())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(revokeServiceToken(t.db, await compliance.actor(), row.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [after] = await t.db.select().from(serviceTokens).where(eq(serviceTokens.id, row.id));
    expect(after?.revokedAt).toBeNull();
  });

  it('refuses an invalid request payload (no scope, too long a life)', async () => {
    await expect(requestServiceToken(t.db, await requester.actor(), { payload: { ...payload, scopes: [] }, reason: 'x y z', submissionId: randomUUID() })).rejects.toThrow();
    await expect(requestServiceToken(t.db, await requester.actor(), { payload: { ...payload, expiresInDays: 9999 }, reason: 'x y z', submissionId: randomUUID() })).rejects.toThrow();
  });
});
