import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { withTriggersBypassed } from '@/lib/audit/test-helpers';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { appendEvents, withRules } from './browse-fixtures';
import { getAuditEvent } from './get-audit-event';

let t: TTestDb;
let admin: TFirstAdmin;
let actor: TActor;
let ids: string[];
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const CHAIN = 'browse-detail';
const role = { type: 'role', id: 'role-9' };

beforeAll(async () => {
  actor = await actorFor(t.db, admin.session.id);
  const appended = await appendEvents(t.db, CHAIN, [
    { action: 'role.created', data: { key: 'desk' }, target: role, requestId: 'req-a', sessionId: 'sess-1', ip: '203.0.113.4' },
    { action: 'role.updated', data: { key: 'desk' }, target: role, requestId: 'req-a', sessionId: 'sess-1', result: 'failure', reason: 'sod' },
    { action: 'staff.enabled', target: { type: 'staff', id: 'x' }, requestId: 'req-b', sessionId: 'sess-1' },
    { action: 'staff.enabled', target: { type: 'staff', id: 'y' } },
  ]);
  ids = appended.map((a) => a.id);
});

const deniedCount = async () => (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'))).length;

describe('getAuditEvent', () => {
  it('returns every field with an intact chain link and related events', async () => {
    const e = await getAuditEvent(t.db, actor, ids[1]!);
    expect(e).toMatchObject({ seq: 2, chain: CHAIN, action: 'role.updated', label: 'Role changed', reason: 'sod', sessionId: 'sess-1', data: { key: 'desk' } });
    expect(e.link).toMatchObject({ linkOk: true, hashOk: true });
    expect(e.link.recomputedHash).toBe(e.link.hash);
    expect(e.related.sameRequest.map((r) => r.seq)).toEqual([1]);
    expect(e.related.sameTarget.map((r) => r.seq)).toEqual([1]);
    expect(e.related.sameSession.map((r) => r.seq)).toEqual([3, 1]);
    expect((await getAuditEvent(t.db, actor, ids[0]!)).link.linkOk).toBe(true);
  });

  it('answers unknown, malformed and unreadable ids alike with 404 and an authz.denied event', async () => {
    const before = await deniedCount();
    await expect(getAuditEvent(t.db, actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(getAuditEvent(t.db, actor, "1' or 1=1 --")).rejects.toMatchObject({ status: 404 });
    const failuresOnly = withRules(actor, [{ action: 'read', subject: 'AuditEvent', conditions: { result: 'failure' } }]);
    await expect(getAuditEvent(t.db, failuresOnly, ids[0]!)).rejects.toMatchObject({ status: 404 });
    expect(await deniedCount()).toBe(before + 3);
    const visible = await getAuditEvent(t.db, failuresOnly, ids[1]!);
    expect(visible.related.sameRequest).toEqual([]);
    expect(visible.link.linkOk).toBe(true);
  });

  it('refuses a role without read AuditEvent with 403', async () => {
    const before = await deniedCount();
    await expect(getAuditEvent(t.db, withRules(actor, []), ids[0]!)).rejects.toMatchObject({ status: 403 });
    expect(await deniedCount()).toBe(before + 1);
  });

  it('blanks IP, place, reason and details without field permission', async () => {
    const narrow = withRules(actor, [{ action: 'read', subject: 'AuditEvent', fields: ['id', 'action', 'result', 'targetType', 'targetId'] }]);
    const e = await getAuditEvent(t.db, narrow, ids[0]!);
    expect(e).toMatchObject({ ip: null, place: null, reason: null, data: null, before: null, after: null });
    expect((await getAuditEvent(t.db, actor, ids[0]!)).ip).toBe('203.0.113.4');
  });

  it('detects a tampered prev_hash (link and hash both fail) and flags the next link after a tampered hash', async () => {
    const chain = 'browse-tamper';
    const [, second, third] = await appendEvents(t.db, chain, [{}, {}, {}]);
    await withTriggersBypassed(t, async (tx) => {
      await tx.update(auditEvents).set({ prevHash: 'f'.repeat(64) }).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, 2)));
    });
    const tampered = await getAuditEvent(t.db, actor, second!.id);
    expect(tampered.link).toMatchObject({ prevHash: 'f'.repeat(64), linkOk: false, hashOk: false });
    expect(tampered.link.recomputedHash).not.toBe(tampered.link.hash);
    expect((await getAuditEvent(t.db, actor, third!.id)).link).toMatchObject({ linkOk: true, hashOk: true });

    await withTriggersBypassed(t, async (tx) => {
      await tx.execute(sql`update audit_events set hash = ${'e'.repeat(64)} where chain = ${chain} and seq = 2`);
    });
    expect((await getAuditEvent(t.db, actor, third!.id)).link).toMatchObject({ linkOk: false, hashOk: true });
  });
});
