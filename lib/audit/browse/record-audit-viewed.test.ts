import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { encodeCursor } from './audit-filter';
import { recordAuditViewed } from './record-audit-viewed';

let t: TTestDb;
let admin: TFirstAdmin;
let actor: TActor;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

beforeAll(async () => {
  actor = await actorFor(t.db, admin.session.id);
});

const viewed = () => t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'audit.viewed'), eq(auditEvents.actorId, admin.staffId)));

describe('recordAuditViewed', () => {
  it('writes audit.viewed once per session and filter, not per page', async () => {
    expect(await recordAuditViewed(t.db, actor, { result: 'denied', preset: '7d' })).toBe(true);
    expect(await recordAuditViewed(t.db, actor, { preset: '7d', result: 'denied', cursor: encodeCursor(40), limit: '20' })).toBe(false);
    const rows = await viewed();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sessionId: admin.session.id, result: 'success', data: { filter: '{"chain":"main","preset":"7d","result":"denied"}' } });
    expect(rows[0]!.data!.filterHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes again for another filter or another session', async () => {
    const before = (await viewed()).length;
    expect(await recordAuditViewed(t.db, actor, { result: 'failure' })).toBe(true);
    const otherSession = { ...actor, session: { ...actor.session, id: '00000000-0000-4000-8000-0000000000aa' } };
    expect(await recordAuditViewed(t.db, otherSession, { result: 'failure' })).toBe(true);
    expect(await recordAuditViewed(t.db, otherSession, { result: 'failure' })).toBe(false);
    expect((await viewed()).length - before).toBe(2);
  });

  it('writes a single event when the same view is recorded concurrently', async () => {
    const before = (await viewed()).length;
    const results = await Promise.all(Array.from({ length: 4 }, () => recordAuditViewed(t.db, actor, { q: 'concurrent' })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await viewed()).length - before).toBe(1);
  });

  it('refuses an invalid filter with 422 and writes nothing', async () => {
    const before = (await viewed()).length;
    await expect(recordAuditViewed(t.db, actor, { limit: '0' })).rejects.toMatchObject({ status: 422 });
    expect((await viewed()).length).toBe(before);
  });
});
