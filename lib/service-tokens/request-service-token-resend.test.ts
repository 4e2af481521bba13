/**
 * A service-token request delivered twice (a browser resending the POST after an instance
 * crashed between the commit and its answer, docs/ha.md): the resend is answered with the
 * approval request the first delivery opened; reusing the submission id for anything else is
 * refused and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditEvents, notifications, outboxMessages } from '@/db/schema';
import { createApprovalRequest } from '@/lib/approvals/create-approval-request';
import { createSigner, defineTestActionType, TEST_ACTION, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { requestServiceToken } from './request-service-token';

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner, colleague: TSigner;

beforeAll(async () => {
  defineTestActionType();
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  colleague = await createSigner(t.db, ['administrator'], 'Abe Admin');
  await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
});

function tokenRequest() {
  return {
    payload: { name: `Payment core ${randomUUID().slice(0, 8)}`, scopes: ['transactions:ingest'], expiresInDays: 90, requireSignature: true },
    reason: 'new payment core cluster',
    submissionId: randomUUID(),
  };
}

async function n(query: PromiseLike<{ n: number }[]>): Promise<number> {
  return Number((await query)[0]?.n ?? 0);
}

/** Everything opening a request writes: the request, its audit event, notifications and webhooks. */
async function footprint() {
  return {
    requests: await n(t.db.select({ n: count() }).from(approvalRequests)),
    requested: await n(t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'approval.requested'))),
    notifications: await n(t.db.select({ n: count() }).from(notifications)),
    outbox: await n(t.db.select({ n: count() }).from(outboxMessages)),
  };
}

async function trailOf(requestId: string) {
  return {
    events: await n(t.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.targetId, requestId), eq(auditEvents.action, 'approval.requested')))),
    notifications: await n(t.db.select({ n: count() }).from(notifications).where(sql`${notifications.detail}->>'requestId' = ${requestId}`)),
    outbox: await n(t.db.select({ n: count() }).from(outboxMessages).where(sql`${outboxMessages.payload}->>'requestId' = ${requestId}`)),
  };
}

const requestsWith = (submissionId: string) => t.db.select().from(approvalRequests).where(eq(approvalRequests.submissionId, submissionId));

describe('service-token requests: a resent submission', () => {
  it('is answered with the request the first delivery opened: one request, one audit event, one notification per approver', async () => {
    const input = tokenRequest();
    const first = await requestServiceToken(t.db, await requester.actor(), input);
    const after = await footprint();
    const second = await requestServiceToken(t.db, await requester.actor(), input);
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await requestsWith(input.submissionId)).toHaveLength(1);
    expect(await footprint()).toEqual(after);
    // The approvers: the colleague administrator and the compliance officer (never the requester; the first admin too).
    expect(first.eligibleApprovers.length).toBeGreaterThanOrEqual(2);
    expect(await trailOf(first.id)).toEqual({ events: 1, notifications: first.eligibleApprovers.length, outbox: first.eligibleApprovers.length });
  });

  it('refuses the same submission id for another token, reason or action (CONFLICT) and writes nothing', async () => {
    const input = tokenRequest();
    const first = await requestServiceToken(t.db, await requester.actor(), input);
    const [row] = await requestsWith(input.submissionId);
    const before = await footprint();
    const attempts = [
      async () => requestServiceToken(t.db, await requester.actor(), { ...input, payload: { ...input.payload, expiresInDays: 30 } }),
      async () => requestServiceToken(t.db, await requester.actor(), { ...input, reason: 'a different reason' }),
      async () =>
        createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '100', currency: 'EUR', note: 'x' }, reason: input.reason, submissionId: input.submissionId }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already submitted for a different request/) });
    expect(await footprint()).toEqual(before);
    expect(await requestsWith(input.submissionId)).toEqual([row]);
    expect(await trailOf(first.id)).toMatchObject({ events: 1 });
  });

  it('keeps submission ids apart per requester: a colleague reusing one opens a request of their own', async () => {
    const input = tokenRequest();
    const mine = await requestServiceToken(t.db, await requester.actor(), input);
    const theirs = await requestServiceToken(t.db, await colleague.actor(), input);
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.replayed).toBe(false);
    expect((await requestsWith(input.submissionId)).map((r) => r.requesterId).sort()).toEqual([requester.staffId, colleague.staffId].sort());
  });

  it('requires a submission id (VALIDATION) and opens nothing without one', async () => {
    const { payload, reason } = tokenRequest();
    const before = await footprint();
    await expect(requestServiceToken(t.db, await requester.actor(), { payload, reason })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/submissionId/) });
    await expect(requestServiceToken(t.db, await requester.actor(), { payload, reason, submissionId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await footprint()).toEqual(before);
  });
});

describe.skipIf(!onPostgres)('service-token requests: concurrent deliveries (Postgres only; PGlite has one connection)', () => {
  it('four deliveries at once open one request with one audit event and one notification per approver', async () => {
    const input = tokenRequest();
    const actor = await requester.actor();
    const results = await Promise.all(Array.from({ length: 4 }, () => requestServiceToken(t.db, actor, input)));
    const rows = await requestsWith(input.submissionId);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([rows[0]!.id]));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const approvers = results[0]!.eligibleApprovers.length;
    expect(await trailOf(rows[0]!.id)).toEqual({ events: 1, notifications: approvers, outbox: approvers });
  }, 60_000);
});
