/**
 * Staff free text (review F1): a card number typed into a service-token request's reason is
 * refused with VALIDATION before anything is written (approval request, its audit event,
 * notifications); the same request with an ordinary reason still opens.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditEvents, notifications } from '@/db/schema';
import { createSigner, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { AppError } from '@/lib/errors';
import { CARD_NUMBER_MESSAGE } from '@/lib/pan';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { requestServiceToken } from './request-service-token';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner;

beforeAll(async () => {
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  await createSigner(t.db, ['administrator'], 'Abe Admin');
});

const request = (reason: string) => ({
  payload: { name: `Core ${randomUUID().slice(0, 6)}`, scopes: ['transactions:ingest'], expiresInDays: 90, requireSignature: true },
  reason,
  submissionId: randomUUID(),
});

async function footprint() {
  const n = async (q: PromiseLike<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  return {
    requests: await n(t.db.select({ n: count() }).from(approvalRequests)),
    requested: await n(t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'approval.requested'))),
    notifications: await n(t.db.select({ n: count() }).from(notifications)),
  };
}

describe('service-token request reason', () => {
  it.each([
    ['spaces', 'customer card 4111 1111 1111 1111 for testing'],
    ['slashes', 'customer card 4111/1111/1111/1111 for testing'],
    ['Persian digits', 'card \u06f4\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1'],
  ])('refuses a card number written with %s and stores nothing', async (_label, reason) => {
    const before = await footprint();
    const e = await requestServiceToken(t.db, await requester.actor(), request(reason)).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    expect((e as AppError).message).toContain(CARD_NUMBER_MESSAGE);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a NUL byte with VALIDATION (not a database error) and stores nothing', async () => {
    const before = await footprint();
    const e = await requestServiceToken(t.db, await requester.actor(), request('new cluster\u0000x')).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    expect(await footprint()).toEqual(before);
  });

  it('opens the request with an ordinary reason', async () => {
    const r = await requestServiceToken(t.db, await requester.actor(), request('new payment core cluster, card ending 1111'));
    const [row] = await t.db.select({ reason: approvalRequests.reason }).from(approvalRequests).where(eq(approvalRequests.id, r.id));
    expect(row?.reason).toBe('new payment core cluster, card ending 1111');
  });
});
