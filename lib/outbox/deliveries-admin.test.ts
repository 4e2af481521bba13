import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxMessages } from '@/db/schema';
import { actorWithRules, auditCount } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { listDeliveries } from './list-deliveries';
import { retryDeliveryNow } from './retry-delivery';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function message(status: 'pending' | 'delivered' | 'failed' | 'dead', attempts = 3) {
  const [row] = await t.db
    .insert(outboxMessages)
    .values({ topic: 'approval.executed', idempotencyKey: `k:${randomUUID()}`, payload: { secret: 'not shown' }, status, attempts, lastError: status === 'dead' ? 'receiver answered HTTP 500' : null, nextAttemptAt: new Date(Date.now() + 3600_000) })
    .returning();
  return row!;
}

describe('delivery administration', () => {
  it('lists dead deliveries with counts per status and without payloads', async () => {
    const dead = await message('dead');
    await message('failed', 1);
    const page = await listDeliveries(t.db, admin.actor, { status: 'dead' });
    expect(page.items.map((i) => i.id)).toEqual([dead.id]);
    expect(page.items[0]).not.toHaveProperty('payload');
    expect(page.counts).toMatchObject({ dead: 1, failed: 1 });
  });

  it('refuses people without Settings access (403, audited)', async () => {
    const ops = await actorWithRules(t.db, [{ action: ['read', 'approve'], subject: 'ApprovalRequest' }]);
    const before = await auditCount(t.db, 'authz.denied');
    await expect(listDeliveries(t.db, ops, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(retryDeliveryNow(t.db, ops, (await message('dead')).id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditCount(t.db, 'authz.denied')).toBe(before + 2);
  });

  it('"retry now" makes a dead delivery due at once, keeps its attempts and is audited', async () => {
    const dead = await message('dead', 8);
    expect(await retryDeliveryNow(t.db, admin.actor, dead.id)).toEqual({ id: dead.id });
    const [row] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, dead.id));
    expect(row).toMatchObject({ status: 'pending', attempts: 8 });
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await auditCount(t.db, 'outbox.delivery_retried')).toBeGreaterThanOrEqual(1);
  });

  it('refuses to retry a delivered message (409) and an unknown id (404), changing nothing', async () => {
    const done = await message('delivered');
    await expect(retryDeliveryNow(t.db, admin.actor, done.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const [row] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, done.id));
    expect(row).toMatchObject({ status: 'delivered', nextAttemptAt: done.nextAttemptAt });
    await expect(retryDeliveryNow(t.db, admin.actor, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryDeliveryNow(t.db, admin.actor, 'nope')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
