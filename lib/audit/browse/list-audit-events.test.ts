import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { encodeCursor } from './audit-filter';
import { auditTimeline } from './audit-timeline';
import { appendEvents, withRules } from './browse-fixtures';
import { listAuditEvents } from './list-audit-events';

let t: TTestDb;
let admin: TFirstAdmin;
let actor: TActor;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const CHAIN = 'browse-filters';
const failed = (reason: string) => ({ action: 'auth.sign_in.failed' as const, data: { reason: 'bad-passkey' }, result: 'failure' as const, reason });

beforeAll(async () => {
  actor = await actorFor(t.db, admin.session.id);
  await appendEvents(t.db, CHAIN, [
    { ...failed('50% off coupon'), actorId: 'staff-a', ip: '203.0.113.9', requestId: 'req-1' },
    { ...failed('5000 off coupon'), actorId: 'staff-b', ip: '203.0.114.9', requestId: 'req-1' },
    { ...failed('under_score'), actorId: 'staff-b', ip: '2001:db8::5' },
    { action: 'role.updated', data: { key: 'auditor' }, target: { type: 'role', id: 'role-1' }, ip: '2001:db9::5', reason: 'underXscore' },
    { action: 'role.updated', data: { key: 'auditor' }, target: { type: 'role', id: 'role-2' }, result: 'denied' },
    { action: 'staff.enabled', target: { type: 'staff', id: 'staff-b' }, actorId: 'staff-a' },
  ]);
});

const seqs = async (filter: Record<string, string>, now?: Date) =>
  (await listAuditEvents(t.db, actor, { chain: CHAIN, ...filter }, now)).events.map((e) => `${e.action}:${e.reason ?? e.target?.id ?? ''}`);

describe('listAuditEvents filters in SQL', () => {
  it('lists a chain newest first with labels, targets and the acting staff name', async () => {
    const { events, nextCursor } = await listAuditEvents(t.db, actor, { chain: CHAIN });
    expect(events.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(events[0]).toMatchObject({ action: 'staff.enabled', label: 'Staff member enabled', target: { type: 'staff', id: 'staff-b' }, actor: { type: 'staff', id: 'staff-a', name: null } });
    expect(nextCursor).toBeNull();
    await appendEvents(t.db, CHAIN + '-named', [{ actorId: admin.staffId }]);
    const named = await listAuditEvents(t.db, actor, { chain: CHAIN + '-named' });
    expect(named.events[0]!.actor.name).toBe('Ada Admin');
  });

  it('filters by actor, action, category, target, result and request id', async () => {
    expect(await seqs({ actor: 'staff-b' })).toEqual(['auth.sign_in.failed:under_score', 'auth.sign_in.failed:5000 off coupon']);
    expect(await seqs({ action: 'role.updated' })).toHaveLength(2);
    expect(await seqs({ category: 'auth' })).toHaveLength(3);
    expect(await seqs({ category: 'role' })).toHaveLength(2);
    expect(await seqs({ category: 'rol' })).toEqual([]);
    expect(await seqs({ targetType: 'role', targetId: 'role-2' })).toEqual(['role.updated:role-2']);
    expect(await seqs({ targetType: 'role' })).toHaveLength(2);
    expect(await seqs({ result: 'denied' })).toEqual(['role.updated:role-2']);
    expect(await seqs({ requestId: 'req-1' })).toHaveLength(2);
  });

  it('filters by date range and presets', async () => {
    const now = new Date();
    expect(await seqs({ preset: '24h' }, now)).toHaveLength(6);
    expect(await seqs({ preset: '24h' }, new Date(now.getTime() + 2 * 86_400_000))).toEqual([]);
    expect(await seqs({ preset: '7d' }, new Date(now.getTime() + 2 * 86_400_000))).toHaveLength(6);
    expect(await seqs({ from: new Date(now.getTime() - 3600_000).toISOString(), to: new Date(now.getTime() + 3600_000).toISOString() })).toHaveLength(6);
    expect(await seqs({ to: new Date(now.getTime() - 3600_000).toISOString() })).toEqual([]);
  });

  it('filters by exact IP and by IPv4 and IPv6 CIDR blocks', async () => {
    expect(await seqs({ ip: '203.0.113.9' })).toEqual(['auth.sign_in.failed:50% off coupon']);
    expect(await seqs({ ip: '203.0.113.0/24' })).toEqual(['auth.sign_in.failed:50% off coupon']);
    expect(await seqs({ ip: '203.0.112.0/22' })).toHaveLength(2);
    expect(await seqs({ ip: '2001:db8::/32' })).toEqual(['auth.sign_in.failed:under_score']);
    expect(await seqs({ ip: '2001:db8::/15' })).toHaveLength(2);
    expect(await seqs({ ip: '0.0.0.0/0' })).toHaveLength(2);
  });

  it('searches free text over labels, reasons and target ids with % and _ matching literally', async () => {
    expect(await seqs({ q: '50%' })).toEqual(['auth.sign_in.failed:50% off coupon']);
    expect(await seqs({ q: 'under_' })).toEqual(['auth.sign_in.failed:under_score']);
    expect(await seqs({ q: 'ROLE-2' })).toEqual(['role.updated:role-2']);
    expect(await seqs({ q: 'role changed' })).toHaveLength(2);
  });

  it('pages by keyset: every row exactly once across pages, newest first', async () => {
    const chain = 'browse-paging';
    await appendEvents(t.db, chain, Array.from({ length: 23 }, (_, i) => ({ target: { type: 'staff', id: `s-${i}` } })));
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listAuditEvents>> = await listAuditEvents(t.db, actor, { chain, limit: '5', ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
    const deep = await listAuditEvents(t.db, actor, { chain, cursor: encodeCursor(3) });
    expect(deep.events.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('refuses a role without read AuditEvent with 403 and records authz.denied', async () => {
    const clerk = withRules(actor, [{ action: 'read', subject: 'Transaction' }]);
    const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'))).length;
    await expect(listAuditEvents(t.db, clerk, { chain: CHAIN })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(auditTimeline(t.db, clerk, { actorId: 'staff-a' })).rejects.toMatchObject({ status: 403 });
    const denied = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'));
    expect(denied.length - before).toBe(2);
    expect(denied.at(-1)).toMatchObject({ actorId: admin.staffId, result: 'denied', data: { action: 'read', subject: 'AuditEvent' } });
  });

  it('applies a conditional rule in SQL: a full page of failures although newer events exist', async () => {
    const failuresOnly = withRules(actor, [{ action: 'read', subject: 'AuditEvent', conditions: { result: 'failure' } }]);
    const page = await listAuditEvents(t.db, failuresOnly, { chain: CHAIN, limit: '2' });
    expect(page.events.map((e) => e.seq)).toEqual([3, 2]);
    expect(page.nextCursor).not.toBeNull();
    const rest = await listAuditEvents(t.db, failuresOnly, { chain: CHAIN, limit: '2', cursor: page.nextCursor! });
    expect(rest.events.map((e) => e.seq)).toEqual([1]);
    const denied = withRules(actor, [{ action: 'read', subject: 'AuditEvent' }, { action: 'read', subject: 'AuditEvent', inverted: true, conditions: { action: 'role.updated' } }]);
    expect((await listAuditEvents(t.db, denied, { chain: CHAIN })).events.map((e) => e.seq)).toEqual([6, 3, 2, 1]);
  });

  it('blanks IP, place and reason without field permission, and never matches filters on them', async () => {
    const narrow = withRules(actor, [{ action: 'read', subject: 'AuditEvent', fields: ['id', 'seq', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'result'] }]);
    const { events } = await listAuditEvents(t.db, narrow, { chain: CHAIN });
    expect(events).toHaveLength(6);
    for (const e of events) expect(e).toMatchObject({ ip: null, place: null, reason: null });
    // Refused rather than answered with an empty page: "no events" would be a (false) statement about the hidden IPs.
    await expect(listAuditEvents(t.db, narrow, { chain: CHAIN, ip: '203.0.113.0/24' })).rejects.toMatchObject({ code: 'VALIDATION', status: 422 });
    expect((await listAuditEvents(t.db, narrow, { chain: CHAIN, q: 'coupon' })).events).toEqual([]);
    expect((await listAuditEvents(t.db, narrow, { chain: CHAIN, q: 'role-1' })).events).toHaveLength(1);
    const full = await listAuditEvents(t.db, actor, { chain: CHAIN, ip: '203.0.113.9' });
    expect(full.events[0]).toMatchObject({ ip: '203.0.113.9', reason: '50% off coupon' });
    expect(full.events[0]!.place).not.toBeNull();
  });

  it('answers bad filters with 422', async () => {
    await expect(listAuditEvents(t.db, actor, { ip: '300.1.1.1/8' })).rejects.toMatchObject({ code: 'VALIDATION', status: 422 });
  });
});

describe('auditTimeline', () => {
  it('shows what was done to a target, and what a staff member did, newest first', async () => {
    await appendEvents(t.db, 'main', [
      { action: 'staff.disabled', target: { type: 'staff', id: 'timeline-staff' }, actorId: 'timeline-admin' },
      { action: 'staff.enabled', target: { type: 'staff', id: 'timeline-staff' }, actorId: 'timeline-admin' },
    ]);
    const target = await auditTimeline(t.db, actor, { targetType: 'staff', targetId: 'timeline-staff' });
    expect(target.events.map((e) => e.action)).toEqual(['staff.enabled', 'staff.disabled']);
    const did = await auditTimeline(t.db, actor, { actorId: 'timeline-admin' });
    expect(did.events).toHaveLength(2);
    expect(did.nextCursor).toBeNull();
  });
});
