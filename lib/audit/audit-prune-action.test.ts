/** The 'audit.prune' approval action type: registered with a two-administrator default, refuses young cuts, executes the prune. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registeredActionTypes } from '@/lib/approvals/action-type';
import '@/lib/approvals/action-types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendSampleEvents, readChain } from './test-helpers';
import { verifyAuditChain } from './verify-audit-chain';

let t: TTestDb;
const DAY = 86_400_000;
const ctx = { requestId: 'apr-test', requesterId: 'staff-a', approverIds: ['staff-b', 'staff-c'], executedBy: 'staff-c', meta: { requestId: 'req-prune-1', ip: null, userAgent: null } };

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
});

describe("approval action type 'audit.prune'", () => {
  const type = () => registeredActionTypes().get('audit.prune')!;

  it('is registered and by default needs two administrators', () => {
    expect(type().defaultPolicy).toMatchObject({ tiers: [{ steps: [{ groups: [{ roleKey: 'administrator', quorum: 2 }] }] }] });
    expect(type().summarize({ before: '2025-01-01T00:00:00.000Z', chain: 'main' })).toMatch(/Permanently delete every audit event of chain "main" that occurred before 2025-01-01/);
  });

  it('refuses, when the request is opened, a cut inside the 12-month retention period', async () => {
    const recent = new Date(Date.now() - 30 * DAY).toISOString();
    await expect(t.db.transaction((tx) => type().validateRequest!(tx, { before: recent, chain: 'main' }, 'staff-a'))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('executes the prune in the approval transaction, recording the request and the executor', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() - 800 * DAY));
    try {
      await appendSampleEvents(t.db, 5, 'ap1');
    } finally {
      vi.useRealTimers();
    }
    await appendSampleEvents(t.db, 2, 'ap1');
    const payload = { before: new Date(Date.now() - 400 * DAY).toISOString(), chain: 'ap1' };
    const out = await t.db.transaction((tx) => type().execute(tx, payload, ctx));
    expect(out).toEqual({ chain: 'ap1', cutSeq: 5, deleted: 5 });
    const marker = (await readChain(t.db, 'ap1')).find((r) => r.action === 'audit.pruned')!;
    expect(marker).toMatchObject({ actorType: 'staff', actorId: 'staff-c', requestId: 'req-prune-1', data: { approvalRequestId: 'apr-test' } });
    expect(await verifyAuditChain(t.db, { chain: 'ap1' })).toMatchObject({ ok: true, prunedThrough: 5 });
  });
});
