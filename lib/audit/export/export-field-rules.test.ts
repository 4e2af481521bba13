/**
 * Exports honour AuditEvent field and row rules: a verifiable JSONL bundle is refused when it
 * would have to drop a hidden field, a CSV leaves hidden columns (and the hashes) out, rows are
 * limited by both `read` and `export` rules, and the page filter cannot match on hidden fields.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints, auditEvents, type TRoleRule } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { appendEvents, withRules } from '../browse/browse-fixtures';
import { AUDIT_CSV_COLUMNS } from './csv';
import { openAuditDownload } from './export-bundle';
import { readAll } from './test-bundle';
import { verifyAuditBundle } from './verify-audit-bundle';

let t: TTestDb;
let admin: TFirstAdmin;
let actor: TActor;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const CHAIN = 'export-fields';
const NO_IP = ['id', 'seq', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'result', 'reason', 'data'];
const both = ['read', 'export'];

beforeAll(async () => {
  actor = await actorFor(t.db, admin.session.id);
  await appendEvents(t.db, CHAIN, [
    { actorId: 'victim', ip: '203.0.113.77', reason: 'secret merger' },
    { actorId: 'other', ip: '198.51.100.1', reason: 'routine check' },
    { actorId: 'victim', ip: '203.0.113.77', reason: 'secret merger' },
  ]);
});

const reader = (rules: TRoleRule[]) => withRules(actor, rules);
const download = async (who: TActor, query: Record<string, string>) => {
  const d = await openAuditDownload(t.db, who, new URLSearchParams({ chain: CHAIN, ...query }));
  return { ...d, text: await readAll(d.stream) };
};
const countOf = async (action: 'authz.denied' | 'audit.exported') =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditEvents).where(eq(auditEvents.action, action)))[0]!.n);
const checkpoints = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditCheckpoints))[0]!.n);
const csvRows = (text: string) => text.split('\r\n').slice(0, -1).map((r) => r.split(','));

describe('a reader whose field rules hide IP addresses', () => {
  const hidingIp: [string, TRoleRule[]][] = [
    ['read and export limited to fields without ip', [{ action: both, subject: 'AuditEvent', fields: NO_IP }]],
    ['cannot export ip', [{ action: both, subject: 'AuditEvent' }, { action: 'export', subject: 'AuditEvent', fields: ['ip'], inverted: true }]],
    ['ip readable only on some rows', [{ action: both, subject: 'AuditEvent', fields: NO_IP }, { action: 'read', subject: 'AuditEvent', fields: ['ip'], conditions: { actorId: 'other' } }]],
  ];

  it.each(hidingIp)('is refused a JSONL bundle (403, audited; no checkpoint, no export): %s', async (_name, rules) => {
    const [denied, exported, signed] = [await countOf('authz.denied'), await countOf('audit.exported'), await checkpoints()];
    const refused = download(reader(rules), { format: 'jsonl' });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403, message: expect.stringContaining('Export CSV instead') });
    expect(await countOf('authz.denied')).toBe(denied + 1);
    const [last] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied')).orderBy(sql`seq desc`).limit(1);
    expect(last).toMatchObject({ actorId: admin.staffId, result: 'denied', data: { action: 'export', subject: 'AuditEvent', targetId: CHAIN } });
    expect(await countOf('audit.exported')).toBe(exported);
    expect(await checkpoints()).toBe(signed);
  });

  it.each(hidingIp)('gets a CSV without the ip, place and hash columns: %s', async (_name, rules) => {
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, CHAIN));
    const d = await download(reader(rules), { format: 'csv' });
    const [header, ...records] = csvRows(d.text);
    expect(header).toEqual(AUDIT_CSV_COLUMNS.filter((c) => !['ip', 'place', 'prev_hash', 'hash'].includes(c)));
    expect(records).toHaveLength(3);
    expect(d.total).toBe(3);
    expect(d.withheld).toEqual(['ip']);
    for (const secret of ['203.0.113.77', '198.51.100.1', ...rows.flatMap((r) => [r.hash, r.prevHash])]) expect(d.text).not.toContain(secret);
    expect(d.text).toContain('secret merger'); // reasons are not hidden by these rules
    const [audited] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported')).orderBy(sql`seq desc`).limit(1);
    expect(audited!.data).toMatchObject({ format: 'csv', rows: 3, filter: expect.stringContaining('withheld=ip') });
  });

  it('cannot filter an export by IP (422): neither the rows nor their count may answer for a hidden IP', async () => {
    const exported = await countOf('audit.exported');
    for (const [, rules] of hidingIp) {
      await expect(download(reader(rules), { format: 'csv', ip: '203.0.113.0/24' })).rejects.toMatchObject({ code: 'VALIDATION', status: 422 });
    }
    expect(await countOf('audit.exported')).toBe(exported);
  });
});

describe('export rows and other hidden fields', () => {
  it('exports only the rows the reader may also read', async () => {
    const d = await download(reader([{ action: 'export', subject: 'AuditEvent' }, { action: 'read', subject: 'AuditEvent', conditions: { actorId: 'other' } }]), { format: 'csv' });
    const [header, ...records] = csvRows(d.text);
    expect(d.total).toBe(1);
    expect(records.map((r) => r[header!.indexOf('actor_id')])).toEqual(['other']);
  });

  it('leaves hidden reasons out of a CSV and out of its free-text filter', async () => {
    const noReason = reader([{ action: both, subject: 'AuditEvent', fields: NO_IP.filter((f) => f !== 'reason').concat('ip') }]);
    const d = await download(noReason, { format: 'csv', q: 'merger' });
    expect(d.total).toBe(0);
    const all = await download(noReason, { format: 'csv' });
    expect(all.withheld).toEqual(['reason']);
    expect(csvRows(all.text)[0]).not.toContain('reason');
    expect(all.text).not.toContain('secret merger');
    expect(all.text).toContain('203.0.113.77');
  });

  it('keeps the bundle verifiable when a rule denies whole rows (they are simply not exported)', async () => {
    const d = await download(reader([{ action: both, subject: 'AuditEvent' }, { action: 'read', subject: 'AuditEvent', inverted: true, conditions: { actorId: 'victim' } }]), { format: 'jsonl' });
    expect(d.withheld).toEqual([]);
    expect(verifyAuditBundle(d.text)).toMatchObject({ ok: true, rows: 1, contiguous: false });
  });

  it('still gives a reader who may read and export every field a verifiable bundle and a full CSV', async () => {
    const full = reader([{ action: both, subject: 'AuditEvent' }]);
    const bundle = await download(full, { format: 'jsonl' });
    expect(bundle.withheld).toEqual([]);
    expect(verifyAuditBundle(bundle.text)).toMatchObject({ ok: true, rows: 3 });
    const csv = await download(full, { format: 'csv', ip: '203.0.113.0/24' });
    expect(csvRows(csv.text)[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(csv.total).toBe(2);
    const victim = await t.db.select().from(auditEvents).where(and(eq(auditEvents.chain, CHAIN), eq(auditEvents.actorId, 'victim')));
    for (const r of victim) expect(csv.text).toContain(r.hash);
  });
});
