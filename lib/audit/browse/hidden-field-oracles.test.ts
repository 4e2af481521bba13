/**
 * A field the reader may not see must not be recoverable through the browser's side channels:
 * the keyset cursor of a filtered list (an IP/CIDR filter could binary-search a hidden IP) and
 * the chain hashes of the detail view (a guessed IP could be confirmed against them).
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TRoleRule } from '@/db/schema';
import { computeAuditHash } from '@/lib/audit/hash-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { visibilityOf } from './audit-event-dto';
import { AUDIT_EVENT_COLUMNS } from './audit-filter-sql';
import { auditFieldRule } from './audit-field-sql';
import { decodeCursor } from './audit-filter';
import { appendEvents, withRules } from './browse-fixtures';
import { getAuditEvent } from './get-audit-event';
import { latestAuditSeq } from './latest-audit-seq';
import { listAuditEvents } from './list-audit-events';

let t: TTestDb;
let admin: TFirstAdmin;
let actor: TActor;
let ids: string[];
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const CHAIN = 'hidden-oracles';
const NO_IP = ['id', 'seq', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'result', 'reason', 'data'];
const BASIC = ['id', 'seq', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'result', 'data'];
/** Every row is readable; IP and reason only on the events of actor "other". */
const perRow: TRoleRule[] = [
  { action: 'read', subject: 'AuditEvent', fields: BASIC },
  { action: 'read', subject: 'AuditEvent', fields: ['ip', 'reason'], conditions: { actorId: 'other' } },
];

beforeAll(async () => {
  actor = await actorFor(t.db, admin.session.id);
  const appended = await appendEvents(t.db, CHAIN, [
    { actorId: 'victim', ip: '203.0.113.77', reason: 'secret merger' },
    { actorId: 'other', ip: '198.51.100.1', reason: 'routine check' },
    { actorId: 'victim', ip: '203.0.113.77', reason: 'secret merger' },
    { actorId: 'other', ip: '198.51.100.2', reason: 'routine check' },
    { actorId: 'victim', ip: '203.0.113.77', reason: 'secret merger' },
  ]);
  ids = appended.map((a) => a.id);
});

const eventCount = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditEvents))[0]!.n);
const probe = async (reader: TActor, filter: Record<string, string>) => {
  const page = await listAuditEvents(t.db, reader, { chain: CHAIN, limit: '1', ...filter });
  return { shown: page.events.map((e) => e.seq), cursor: page.nextCursor ? decodeCursor(page.nextCursor) : null };
};

describe('audit list filters on hidden fields', () => {
  it('refuses an IP/CIDR filter from a reader who may see no IP (422), writing nothing', async () => {
    const narrow = withRules(actor, [{ action: 'read', subject: 'AuditEvent', fields: NO_IP }]);
    const before = await eventCount();
    for (const ip of ['203.0.113.77', '203.0.113.0/24', '0.0.0.0/0']) {
      await expect(listAuditEvents(t.db, narrow, { chain: CHAIN, ip, limit: '1' })).rejects.toMatchObject({ code: 'VALIDATION', status: 422, details: { issues: [{ path: 'ip' }] } });
    }
    await expect(latestAuditSeq(t.db, narrow, new URLSearchParams({ chain: CHAIN, ip: '203.0.113.0/24' }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await eventCount()).toBe(before);
  });

  it('never returns a cursor pointing at an event matched through a per-row hidden IP', async () => {
    const reader = withRules(actor, perRow);
    expect(await probe(reader, { ip: '203.0.113.77' })).toEqual({ shown: [], cursor: null });
    expect(await probe(reader, { ip: '203.0.113.0/24' })).toEqual({ shown: [], cursor: null });
    expect((await latestAuditSeq(t.db, reader, new URLSearchParams({ chain: CHAIN, ip: '203.0.113.0/24' }))).seq).toBeNull();
    // Where the IP is visible the filter works, and pages as usual.
    expect(await probe(reader, { ip: '198.51.100.0/24' })).toEqual({ shown: [4], cursor: 4 });
    expect(await probe(reader, { ip: '198.51.100.0/24', cursor: Buffer.from('4').toString('base64url') })).toEqual({ shown: [2], cursor: null });
  });

  it('never matches free text against a per-row hidden reason, in the rows or in the cursor', async () => {
    const reader = withRules(actor, perRow);
    expect(await probe(reader, { q: 'merger' })).toEqual({ shown: [], cursor: null });
    expect(await probe(reader, { q: 'routine' })).toEqual({ shown: [4], cursor: 4 });
    const noReason = withRules(actor, [{ action: 'read', subject: 'AuditEvent', fields: BASIC }]);
    expect(await probe(noReason, { q: 'routine' })).toEqual({ shown: [], cursor: null });
  });

  it('keeps a cannot rule on the IP field in force for the filter', async () => {
    const reader = withRules(actor, [
      { action: 'read', subject: 'AuditEvent' },
      { action: 'read', subject: 'AuditEvent', fields: ['ip'], inverted: true, conditions: { actorId: 'victim' } },
    ]);
    expect(await probe(reader, { ip: '203.0.113.0/24' })).toEqual({ shown: [], cursor: null });
    expect((await probe(reader, { ip: '0.0.0.0/0' })).shown).toEqual([4]);
  });

  it('still filters by IP and reason for a reader who sees them', async () => {
    expect(await probe(actor, { ip: '203.0.113.0/24' })).toEqual({ shown: [5], cursor: 5 });
    expect(await probe(actor, { q: 'merger' })).toEqual({ shown: [5], cursor: 5 });
  });
});

describe('auditFieldRule', () => {
  it('selects in SQL exactly the rows on which visibilityOf shows the field', async () => {
    const ruleSets: TRoleRule[][] = [
      perRow,
      [{ action: 'read', subject: 'AuditEvent', fields: NO_IP }],
      [{ action: 'read', subject: 'AuditEvent' }, { action: 'read', subject: 'AuditEvent', fields: ['ip'], inverted: true, conditions: { seq: { $gt: 3 } } }],
      [...perRow, { action: 'read', subject: 'AuditEvent', fields: ['ip'], conditions: { seq: 1 } }, { action: 'read', subject: 'AuditEvent', fields: ['reason', 'ip'], inverted: true, conditions: { seq: 4 } }],
      [{ action: 'read', subject: 'AuditEvent' }, { action: 'read', subject: 'AuditEvent', inverted: true, fields: ['ip'] }],
      [...perRow, { action: 'read', subject: 'AuditEvent', inverted: true, conditions: { seq: 2 } }],
    ];
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, CHAIN)).orderBy(auditEvents.seq);
    for (const rules of ruleSets) {
      const { ability } = withRules(actor, rules);
      for (const field of ['ip', 'reason'] as const) {
        const { sql: visible } = auditFieldRule(ability, 'read', field);
        const rowFilter = caslToSql(ability, 'read', 'AuditEvent', AUDIT_EVENT_COLUMNS);
        const inSql = await t.db.select({ seq: auditEvents.seq }).from(auditEvents).where(and(eq(auditEvents.chain, CHAIN), rowFilter, visible)).orderBy(auditEvents.seq);
        expect(inSql.map((r) => r.seq), `${field} under ${JSON.stringify(rules)}`).toEqual(rows.filter((r) => visibilityOf(ability, r)[field]).map((r) => r.seq));
      }
    }
  });
});

describe('audit event detail hashes', () => {
  const stored = async (id: string) => (await t.db.select().from(auditEvents).where(eq(auditEvents.id, id)))[0]!;

  it('withholds the hashes that cover a hidden IP, so a guess cannot be checked, and keeps the checks', async () => {
    const narrow = withRules(actor, [{ action: 'read', subject: 'AuditEvent', fields: NO_IP }]);
    const d = await getAuditEvent(t.db, narrow, ids[1]!);
    expect(d.ip).toBeNull();
    expect(d.link).toEqual({ hash: null, recomputedHash: null, prevHash: null, linkOk: true, hashOk: true });
    // Nothing in the DTO equals the stored hash, which is what a guessed IP would be tested against.
    const row = await stored(ids[1]!);
    expect(JSON.stringify(d)).not.toContain(row.hash);
    expect(JSON.stringify(d)).not.toContain(row.prevHash);
    expect(computeAuditHash({ ...row })).toBe(row.hash);
  });

  it('withholds per row: the own hash where this event hides a field, prev_hash where the previous one does', async () => {
    const reader = withRules(actor, [...perRow, { action: 'read', subject: 'AuditEvent', fields: ['data'] }]);
    const other = await getAuditEvent(t.db, reader, ids[1]!); // actor "other": IP visible, the previous (victim) event's is not
    expect(other.ip).toBe('198.51.100.1');
    const row = await stored(ids[1]!);
    expect(other.link).toMatchObject({ hash: row.hash, recomputedHash: row.hash, prevHash: null, linkOk: true, hashOk: true });
    const victim = await getAuditEvent(t.db, reader, ids[2]!); // victim: own IP hidden, previous (other) fully visible
    expect(victim.link).toMatchObject({ hash: null, recomputedHash: null, prevHash: row.hash, linkOk: true, hashOk: true });
  });

  it('shows every hash to a reader who sees every field', async () => {
    const row = await stored(ids[2]!);
    const d = await getAuditEvent(t.db, actor, ids[2]!);
    expect(d.link).toEqual({ hash: row.hash, recomputedHash: row.hash, prevHash: row.prevHash, linkOk: true, hashOk: true });
    expect((await getAuditEvent(t.db, actor, ids[0]!)).link.prevHash).toBe('0'.repeat(64));
  });
});
