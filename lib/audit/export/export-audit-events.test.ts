import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { appendSampleEvents, readChain, withCheckpointPolicy } from '../test-helpers';
import { AUDIT_CSV_COLUMNS } from './csv';
import { exportAuditEvents } from './export-audit-events';
import { exportToText, grantAuditorRole } from './test-bundle';
import { verifyAuditExport } from './verify-audit-export';

let t: TTestDb;
let admin: TFirstAdmin;
let auditor: TActor;
const restorePolicy = withCheckpointPolicy(10);
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
beforeAll(async () => {
  auditor = await grantAuditorRole(t.db, admin);
  await appendSampleEvents(t.db, 25);
});
afterAll(() => restorePolicy());

const exportEvents = (db: TTestDb['db']) => db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported'));

describe('authorisation', () => {
  it('refuses an actor without export AuditEvent, records the refusal and exports nothing', async () => {
    const before = (await exportEvents(t.db)).length;
    const denied = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'))).length;
    await expect(exportAuditEvents(t.db, admin.actor, { format: 'csv' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await exportEvents(t.db)).toHaveLength(before);
    const after = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied'));
    expect(after.length - denied).toBe(1);
    expect(after.at(-1)!.data).toMatchObject({ action: 'export', subject: 'AuditEvent' });
  });

  it('rejects an invalid filter as a validation error', async () => {
    await expect(exportAuditEvents(t.db, auditor, { format: 'csv', filter: { fromSeq: 0 } })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('CSV', () => {
  it('streams a header and one record per event in keyset pages, reports progress and audits the export', async () => {
    const chain = await readChain(t.db);
    const progress: number[] = [];
    const { text, result } = await exportToText(t.db, auditor, { format: 'csv', batchSize: 7, onProgress: (n) => progress.push(n) });
    const records = text.split('\r\n');
    expect(records.pop()).toBe('');
    expect(records[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(records.slice(1).map((r) => Number(r.split(',')[0]))).toEqual(chain.map((r) => r.seq));
    expect(result).toEqual({ rows: chain.length, complete: true, manifest: null });
    const pages = Math.ceil(chain.length / 7);
    expect(progress).toEqual(Array.from({ length: pages }, (_, i) => Math.min((i + 1) * 7, chain.length)));

    const audited = (await exportEvents(t.db)).at(-1)!;
    expect(audited).toMatchObject({ actorId: admin.staffId, result: 'success', targetType: 'audit_chain', targetId: 'main', reason: null });
    expect(audited.data).toMatchObject({ format: 'csv', rows: chain.length });
    expect(audited.seq).toBeGreaterThan(chain.at(-1)!.seq);
  });

  it('exports only the events matching the filter', async () => {
    const { text, result } = await exportToText(t.db, auditor, { format: 'csv', filter: { actorId: 'staff-3' } });
    const records = text.split('\r\n').slice(1, -1);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.split(',')[3] === 'staff-3')).toBe(true);
    expect(result.rows).toBe(records.length);
    expect((await exportEvents(t.db)).at(-1)!.data).toMatchObject({ format: 'csv', rows: records.length, filter: expect.stringContaining('"actorId":"staff-3"') });
  });
});

describe('JSONL', () => {
  it('exports the whole chain up to a freshly signed checkpoint, and the bundle verifies', async () => {
    const chain = await readChain(t.db);
    const { text, result } = await exportToText(t.db, auditor, { format: 'jsonl', batchSize: 4 });
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(lines.map((l) => [l.seq, l.hash])).toEqual(chain.map((r) => [r.seq, r.hash]));
    const m = result.manifest!;
    expect(m).toMatchObject({ version: 2, chain: 'main', contiguous: true, firstSeq: 1, lastSeq: chain.at(-1)!.seq, firstPrevHash: '0'.repeat(64), lastHash: chain.at(-1)!.hash, rows: chain.length });
    expect(m.checkpoint).toMatchObject({ seq: m.lastSeq, hash: m.lastHash });
    expect(verifyAuditExport(text, m)).toEqual({ ok: true, rows: chain.length, contiguous: true, checkpoint: { seq: m.lastSeq, verified: true }, keyPinned: false });
    expect((await exportEvents(t.db)).at(-1)!.data).toMatchObject({ format: 'jsonl', rows: chain.length });
  });

  it('exports a seq range as a contiguous slice whose first link and latest checkpoint verify', async () => {
    const chain = await readChain(t.db);
    const { text, result } = await exportToText(t.db, auditor, { format: 'jsonl', filter: { fromSeq: 3, toSeq: 15 } });
    const m = result.manifest!;
    expect(m).toMatchObject({ contiguous: true, firstSeq: 3, lastSeq: 15, rows: 13, firstPrevHash: chain[1]!.hash, lastHash: chain[14]!.hash });
    expect(m.checkpoint?.seq).toBeLessThanOrEqual(15);
    expect(m.checkpoint?.hash).toBe(chain[m.checkpoint!.seq - 1]!.hash);
    expect(verifyAuditExport(text, m)).toMatchObject({ ok: true, rows: 13, checkpoint: { seq: m.checkpoint!.seq, verified: true } });
  });

  it('marks a filtered export non-contiguous and still verifies each line', async () => {
    const { text, result } = await exportToText(t.db, auditor, { format: 'jsonl', filter: { action: 'auth.sign_in.succeeded', from: new Date(0) } });
    const m = result.manifest!;
    expect(m.contiguous).toBe(false);
    expect(m.filter).toMatchObject({ action: 'auth.sign_in.succeeded', from: '1970-01-01T00:00:00.000Z' });
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(lines.every((l) => l.action === 'auth.sign_in.succeeded')).toBe(true);
    expect(verifyAuditExport(text, m)).toMatchObject({ ok: true, rows: lines.length, contiguous: false });
  });

  it('exports an empty chain as an empty, valid bundle', async () => {
    const { text, result } = await exportToText(t.db, auditor, { format: 'jsonl', chain: 'empty-chain' });
    expect(text).toBe('');
    expect(result.manifest).toMatchObject({ rows: 0, firstSeq: null, lastSeq: null, lastHash: null, checkpoint: null });
    expect(verifyAuditExport(text, result.manifest)).toMatchObject({ ok: true, rows: 0 });
  });
});

describe('cancellation', () => {
  it('audits the rows sent when the reader cancels part-way', async () => {
    const { stream, done } = await exportAuditEvents(t.db, auditor, { format: 'jsonl', batchSize: 5, filter: { toSeq: 20 } });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    const result = await done;
    expect(result.complete).toBe(false);
    expect(result.manifest).toBeNull();
    expect(result.rows % 5).toBe(0);
    const audited = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'audit.exported'), eq(auditEvents.reason, 'cancelled before the end')));
    expect(audited.at(-1)!.data).toMatchObject({ format: 'jsonl', rows: result.rows });
  });

  it('records exactly one export when cancelled while a page is being read', async () => {
    const before = (await exportEvents(t.db)).length;
    const { stream, done } = await exportAuditEvents(t.db, auditor, { format: 'csv', batchSize: 1000 });
    const reader = stream.getReader();
    const pending = reader.read();
    await reader.cancel();
    await pending;
    expect((await done).complete).toBe(false);
    expect((await exportEvents(t.db)).length - before).toBe(1);
  });

  it('fetches at most one page ahead of the reader, however long the chain', async () => {
    const progress: number[] = [];
    const { stream, done } = await exportAuditEvents(t.db, auditor, { format: 'csv', batchSize: 2, onProgress: (n) => progress.push(n) });
    const reader = stream.getReader();
    await reader.read();
    await new Promise((r) => setImmediate(r));
    expect(Math.max(...progress)).toBeLessThanOrEqual(4);
    expect((await readChain(t.db)).length).toBeGreaterThan(20);
    await reader.cancel();
    expect((await done).complete).toBe(false);
  });
});
