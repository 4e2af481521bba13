/**
 * The fast read path of verification: the hash it recomputes from raw text pages equals
 * computeAuditHash over the drizzle row for awkward content (escapes, unicode, nested and
 * unsorted jsonb, jsonb number spellings, timestamps with and without milliseconds), and the verifier gives
 * the same verdict, kind and seq on both paths for each kind of tampering.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '../append-audit-event';
import { computeAuditHash } from '../hash-audit-event';
import { appendSampleEvents, readChain, checkpointedTestDbPerFile, withTriggersBypassed } from '../test-helpers';
import { verifyAuditChain } from '../verify-audit-chain';
import { isoOfTimestampText, rawQueryOf, readChainPage } from './read-chain-page';

// Checkpoints every 5 events.
const db = checkpointedTestDbPerFile(5);

const label = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`fast verification read path (${label})`, () => {
  it('turns timestamp text into the ISO form new Date(text) gives', () => {
    for (const text of ['2025-11-01 00:00:01.123999+00', '2025-11-01 00:00:01+00', '2025-11-01 00:00:01.5+00', '1969-12-31 23:59:59.9999+00', '2026-01-02 03:04:05.678+05:30', '0999-01-01 00:00:00+00']) {
      expect(isoOfTimestampText(text)).toBe(new Date(text).toISOString());
    }
  });

  it('spells timestamps as the drizzle row does (whole seconds, before 1970, four-digit years at both ends)', async () => {
    const chain = 'timestamps';
    const stamps = ['2025-11-01 00:00:01+00', '2025-11-01 00:00:01.5+00', '1969-12-31 23:59:59.999+00', '2026-01-02 03:04:05.678+05:30', '0999-01-01 00:00:00+00', '9999-12-31 23:59:59.999+00'];
    await withTriggersBypassed(db(), async (tx) => {
      for (const [i, at] of stamps.entries()) {
        await tx.execute(sql.raw(`INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, action, result, prev_hash, hash)
          VALUES (gen_random_uuid(), '${chain}', ${i + 1}, '${at}', 'system', 'staff.enabled', 'success', 'p', 'h')`));
      }
    });
    const rows = await readChain(db().db, chain);
    const fast = await db().db.transaction(async (tx) => readChainPage(rawQueryOf(tx)!, chain, 0, 100));
    expect(fast.map((r) => r.computed)).toEqual(rows.map((r) => computeAuditHash(r)));
  });

  it('recomputes the same hash as computeAuditHash over the drizzle row, for awkward content', async () => {
    const chain = 'awkward';
    const jsonb = [
      `'{"z":1,"a":{"y":[1.0,2.50,-0,1e21,1E-7,{"b":null,"a":true}],"x":"\\u0001\\n\\"\\\\"},"é":"ü","aa":[]}'`,
      `'{}'`, `'[]'`, `'null'`, `'"a string"'`, `'12.000'`, 'NULL', `'{"emoji":"😀","u2028":"\u2028","ctl":"\\u001f\\t"}'`,
    ];
    const texts = [`'plain'`, `E'quote " backslash \\\\ newline \\n tab \\t bell \\x07'`, `'unicode é 中文 😀 \u2028'`, 'NULL', `''`];
    await withTriggersBypassed(db(), async (tx) => {
      for (let i = 0; i < jsonb.length * 2; i++) {
        const j = (k: number) => jsonb[(i + k) % jsonb.length];
        const s = (k: number) => texts[(i + k) % texts.length];
        await tx.execute(sql.raw(`INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, result, reason, ip,
          place, device, authenticator, request_id, session_id, data, before, after, prev_hash, hash)
          VALUES (gen_random_uuid(), '${chain}', ${i + 1}, '2026-03-01 12:00:00.123+00'::timestamptz + interval '${i} seconds ${i * 10} milliseconds', 'staff', ${s(0)}, 'staff.enabled', ${s(1)}, ${s(2)},
          'success', ${s(3)}, ${i % 2 ? `'192.0.2.1'` : 'NULL'}, ${j(0)}, ${j(1)}, ${j(2)}, ${s(1)}, ${s(2)}, ${j(3)}, ${j(4)}, ${j(5)}, 'p', 'h')`));
      }
    });
    const rows = await readChain(db().db, chain);
    const fast = await db().db.transaction(async (tx) => readChainPage(rawQueryOf(tx)!, chain, 0, 100));
    expect(fast.map((r) => r.seq)).toEqual(rows.map((r) => r.seq));
    expect(fast.map((r) => r.computed)).toEqual(rows.map((r) => computeAuditHash(r)));
  });

  const byChainSeq = (chain: string, seq: number) => and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq));

  it('hands a row whose text holds the packing separator or the NULL marker to its full row, which finds it intact (and still catches a change)', async () => {
    const chain = 'packing';
    for (const [i, reason] of ['plain', 'sep \u0001 inside', '\u0002', 'plain again'].entries()) {
      await db().db.transaction((tx) => appendAuditEvent(tx, { chain, action: 'staff.enabled', actor: { type: 'staff', id: i === 3 ? '\u0002' : `staff-${i}` }, result: 'success', reason }));
    }
    const fast = await db().db.transaction(async (tx) => readChainPage(rawQueryOf(tx)!, chain, 0, 100));
    const rows = await readChain(db().db, chain);
    // Rows 2-4 do not unpack (or unpack a NULL that is not one): no fast hash, so the full row decides.
    expect(fast.map((r) => r.computed === r.hash)).toEqual([true, false, false, false]);
    expect(fast.map((r) => [r.seq, r.hash, r.prevHash])).toEqual(rows.map((r) => [r.seq, r.hash, r.prevHash]));
    expect(await verifyAuditChain(db().db, { chain })).toMatchObject({ ok: true, checked: 4 });
    await withTriggersBypassed(db(), async (tx) => void (await tx.update(auditEvents).set({ reason: 'sep \u0001 changed' }).where(byChainSeq(chain, 2))));
    expect(await verifyAuditChain(db().db, { chain })).toMatchObject({ ok: false, problem: { seq: 2, kind: 'modified' } });
  });

  const tampers: [string, (tx: TTx, chain: string) => Promise<unknown>][] = [
    ['a field changed', (tx, c) => tx.update(auditEvents).set({ result: 'denied' }).where(byChainSeq(c, 7))],
    ['jsonb changed', (tx, c) => tx.update(auditEvents).set({ data: { passkeyId: 'other' } }).where(byChainSeq(c, 3))],
    ['occurred_at moved by 1 ms', (tx, c) => tx.execute(sql`UPDATE audit_events SET occurred_at = occurred_at + interval '1 millisecond' WHERE chain = ${c} AND seq = 9`)],
    ['an event deleted', (tx, c) => tx.delete(auditEvents).where(byChainSeq(c, 6))],
    ['two events swapped', async (tx, c) => {
      await tx.update(auditEvents).set({ seq: 100 }).where(byChainSeq(c, 4));
      await tx.update(auditEvents).set({ seq: 4 }).where(byChainSeq(c, 5));
      await tx.update(auditEvents).set({ seq: 5 }).where(byChainSeq(c, 100));
    }],
    ['the tail deleted', (tx, c) => tx.delete(auditEvents).where(and(eq(auditEvents.chain, c), sql`${auditEvents.seq} > 10`))],
    ['the head moved', (tx, c) => tx.update(auditChainHeads).set({ seq: 11 }).where(eq(auditChainHeads.chain, c))],
    ['a checkpoint altered', (tx, c) => tx.update(auditCheckpoints).set({ hash: 'f'.repeat(64) }).where(and(eq(auditCheckpoints.chain, c), eq(auditCheckpoints.seq, 10)))],
  ];

  it.each(tampers)('gives the same verdict as the full-row path when %s', async (name, tamper) => {
    const chain = `parity-${name.replace(/\W+/g, '-')}`;
    await appendSampleEvents(db().db, 12, chain);
    await withTriggersBypassed(db(), async (tx) => void (await tamper(tx, chain)));
    const fast = await verifyAuditChain(db().db, { chain, batchSize: 4 });
    const full = await verifyAuditChain(db().db, { chain, batchSize: 4, fastRead: false });
    expect(fast.ok).toBe(false);
    expect(fast).toEqual(full);
    expect(await verifyAuditChain(db().db, { chain })).toEqual({ ...full, checked: fast.checked });
    // Several readers side by side hand any problem to the sequential walk: same verdict.
    expect(await verifyAuditChain(db().db, { chain, batchSize: 2, readers: 3 })).toEqual(fast);
  });
});
