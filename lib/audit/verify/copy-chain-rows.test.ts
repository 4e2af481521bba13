/**
 * Verification's COPY read (the range workers' path on PostgreSQL): the hash it recomputes from
 * the COPY text of each row, whether assembled as bytes or decoded, equals computeAuditHash over
 * the drizzle row for awkward content; rows straddling stream chunks anywhere read the same; a
 * stream cut inside a row is an error; and a whole chain read this way by range workers still
 * verifies, and still fails on a change the byte path would have to notice.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { appendAuditEvent } from '../append-audit-event';
import { computeAuditHash } from '../hash-audit-event';
import { appendSampleEvents, checkpointedTestDbPerFile, readChain, withTriggersBypassed } from '../test-helpers';
import { verifyAuditChain } from '../verify-audit-chain';
import { COPY_SETTINGS_SQL, copyFieldValue, copyPages, copyRangeSql, copyRowBytes } from './copy-chain-rows';
import type { TChainPageRow } from './packed-chain-rows';

// Checkpoints every 5 events.
const db = checkpointedTestDbPerFile(5);

const onPostgres = Boolean(process.env.DATABASE_URL);

/** The whole COPY output of chain's rows (after, upto], as PostgreSQL writes it for a range worker. */
async function copyBytes(chain: string, after = 0, upto = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
  const client = postgres(db().url!, { max: 1, onnotice: () => undefined });
  const chunks: Buffer[] = [];
  try {
    await client.unsafe('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.unsafe(COPY_SETTINGS_SQL, [chain]);
    const stream = (await client.unsafe(copyRangeSql(after, upto)).readable()) as AsyncIterable<Buffer>;
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  } finally {
    // Nothing may follow a COPY on that connection (range-worker.ts): closed, which ends the read-only transaction.
    await client.end({ timeout: 0 });
  }
  return Buffer.concat(chunks);
}

async function* inChunks(bytes: Buffer, size: (i: number) => number): AsyncGenerator<Buffer> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, size(i));
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function readAll(chunks: AsyncIterable<Buffer>, chain: string, pageSize = 1000): Promise<TChainPageRow[]> {
  const rows: TChainPageRow[] = [];
  for await (const page of copyPages(chunks, chain, pageSize)) rows.push(...page);
  return rows;
}

describe('COPY field values', () => {
  it('undoes the escapes COPY writes and reads \\N as NULL', () => {
    expect(copyFieldValue('\\N')).toBeNull();
    expect(copyFieldValue('\\\\N')).toBe('\\N');
    expect(copyFieldValue('a\\tb\\nc\\rd\\be\\ff\\vg\\\\h')).toBe('a\tb\nc\rd\be\ff\vg\\h');
    expect(copyFieldValue('plain "quoted" é')).toBe('plain "quoted" é');
  });

  it('refuses range bounds that are not integers (COPY takes no parameters)', () => {
    expect(() => copyRangeSql(0, 1.5)).toThrow(/integers/);
    expect(() => copyRangeSql(Number.NaN, 10)).toThrow(/integers/);
    expect(copyRangeSql(3, 9)).toMatch(/seq > 3 AND seq <= 9 ORDER BY seq\) TO STDOUT$/);
  });

  it('fails on a stream that ends inside a row', async () => {
    const line = Buffer.from(`${'a'.repeat(64)}\t1\tstaff.enabled`);
    await expect(readAll(inChunks(line, () => 8), 'c')).rejects.toThrow(/ended inside a row/);
  });
});

describe.skipIf(!onPostgres)('COPY read of a chain (postgres)', () => {
  it('recomputes the hash computeAuditHash gives, for plain and awkward content, in the byte path and the decoded one', async () => {
    const chain = 'copy-awkward';
    const jsonb = [
      `'{"z":1,"a":{"y":[1.0,2.50,-0,1e21,1E-7,{"b":null,"a":true}],"x":"\\u0001\\n\\"\\\\"},"é":"ü","aa":[]}'`,
      `'{}'`, `'[]'`, `'null'`, `'"a string"'`, `'12.000'`, 'NULL', `'{"emoji":"😀","u2028":"\u2028","ctl":"\\u001f\\t"}'`, `'{"os": "Linux", "browser": "Firefox"}'`,
    ];
    // [SQL literal, whether the byte path takes it]: JSON needs quotes, backslashes and control characters escaped, so
    // those (and anything COPY itself escapes) are decoded instead; unicode, DEL, empty and NULL go as bytes.
    const texts: [string, boolean][] = [
      [`'plain'`, true], [`'say "hi"'`, false], [`E'bell \\x07'`, false], [`E'back \\\\ slash'`, false], [`E'tab \\t newline \\n cr \\r vt \\x0b'`, false],
      [`'unicode é 中文 😀 \u2028'`, true], [`'del \x7f'`, true], [`''`, true], ['NULL', true], [`E'\\\\N'`, false],
    ];
    // Every row has plain text but in one column (i % 6) one of the kinds above; its jsonb and timestamps vary.
    const rowsWanted = jsonb.length * texts.length;
    const textOf = (i: number, column: number) => texts[column === i % 6 ? Math.floor(i / 6) % texts.length : 0]![0];
    await withTriggersBypassed(db(), async (tx) => {
      for (let i = 0; i < rowsWanted; i++) {
        const j = (k: number) => jsonb[(i + k) % jsonb.length];
        const s = (k: number) => textOf(i, k);
        await tx.execute(sql.raw(`INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, result, reason, ip,
          place, device, authenticator, request_id, session_id, data, before, after, prev_hash, hash)
          VALUES (gen_random_uuid(), '${chain}', ${i + 1}, '2026-03-01 12:00:00.123+00'::timestamptz + interval '${i} seconds ${i * 10} milliseconds', 'staff', ${s(0)}, 'staff.enabled', ${s(1)}, ${s(2)},
          'success', ${s(3)}, ${i % 2 ? `'192.0.2.1'` : 'NULL'}, ${j(0)}, ${j(1)}, ${j(2)}, ${s(4)}, ${s(5)}, ${j(3)}, ${j(4)}, ${j(5)}, 'p-${i}', 'h-${i}')`));
      }
    });
    const rows = await readChain(db().db, chain);
    const bytes = await copyBytes(chain);
    const read = await readAll(inChunks(bytes, () => 4096), chain);
    expect(read.map((r) => [r.seq, r.hash, r.prevHash])).toEqual(rows.map((r) => [r.seq, r.hash, r.prevHash]));
    expect(read.map((r) => r.computed)).toEqual(rows.map((r) => computeAuditHash(r)));
    // Which path each row took: bytes where its text allows (and they hash right), decoding for the rest.
    const lines = bytes.subarray(0, -1).toString('latin1').split('\n').map((l) => Buffer.from(l, 'latin1'));
    const byBytes = lines.map((line) => copyRowBytes(line, chain));
    expect(byBytes.map((b) => b !== null)).toEqual(rows.map((_, i) => texts[Math.floor(i / 6) % texts.length]![1]));
    byBytes.forEach((b, i) => b && expect(createHash('sha256').update(b).digest('hex')).toBe(computeAuditHash(rows[i]!)));
  });

  it('spells timestamps as the drizzle row does (whole seconds, one to three fraction digits, before 1970, years at both ends)', async () => {
    const chain = 'copy-timestamps';
    const stamps = ['2025-11-01 00:00:01+00', '2025-11-01 00:00:01.5+00', '2025-11-01 00:00:01.25+00', '2025-11-01 00:00:01.999+00', '1969-12-31 23:59:59.999+00',
      '2026-01-02 03:04:05.678+05:30', '0999-01-01 00:00:00+00', '9999-12-31 23:59:59.999+00'];
    await withTriggersBypassed(db(), async (tx) => {
      for (const [i, at] of stamps.entries()) {
        await tx.execute(sql.raw(`INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, action, result, prev_hash, hash)
          VALUES (gen_random_uuid(), '${chain}', ${i + 1}, '${at}', 'system', 'staff.enabled', 'success', 'p', 'h')`));
      }
    });
    const rows = await readChain(db().db, chain);
    const read = await readAll(inChunks(await copyBytes(chain), () => 1 << 16), chain);
    expect(read.map((r) => r.computed)).toEqual(rows.map((r) => computeAuditHash(r)));
  });

  it('reads the same rows whatever the chunk boundaries (one byte at a time, odd sizes, random)', async () => {
    const chain = 'copy-chunks';
    await appendSampleEvents(db().db, 12, chain);
    await db().db.transaction((tx) => appendAuditEvent(tx, { chain, action: 'staff.enabled', actor: { type: 'staff', id: 's' }, result: 'success', reason: 'a "quoted"\ttabbed\nreason \\ é' }));
    const bytes = await copyBytes(chain);
    const whole = await readAll(inChunks(bytes, () => bytes.length), chain);
    expect(whole).toHaveLength(13);
    expect(whole.every((r) => r.computed === r.hash)).toBe(true);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 300;
    for (const size of [() => 1, () => 7, () => 64, random]) {
      expect(await readAll(inChunks(bytes, size), chain, 5)).toEqual(whole);
    }
  });

  it('reads only the range asked for, in pages of about the size asked for', async () => {
    const chain = 'copy-range';
    await appendSampleEvents(db().db, 30, chain);
    const pages: number[] = [];
    for await (const page of copyPages(inChunks(await copyBytes(chain, 10, 25), () => 500), chain, 4)) pages.push(page.length);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(15);
    expect(pages.slice(0, -1).every((n) => n >= 4)).toBe(true);
  });

  const byChainSeq = (chain: string, seq: number) => and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq));

  it.each([
    ['a quote added to a text column', { reason: 'x"y' }],
    ['a control character added to a text column', { targetId: 't\u0001' }],
    ['a text column set to NULL', { requestId: null }],
    ['a jsonb key reordered into another value', { data: { b: 1, a: 2 } }],
  ])('range workers verify a long chain and still catch %s', async (name, change) => {
    const chain = `copy-workers-${name.toLowerCase().replace(/\W+/g, '-')}`.slice(0, 60);
    await appendSampleEvents(db().db, 60, chain);
    const intact = await verifyAuditChain(db().db, { chain, readers: 2, workers: true, batchSize: 7 });
    expect(intact).toMatchObject({ ok: true, checked: 60 });
    await withTriggersBypassed(db(), async (tx) => void (await tx.update(auditEvents).set(change).where(byChainSeq(chain, 41))));
    const tampered = await verifyAuditChain(db().db, { chain, readers: 2, workers: true, batchSize: 7 });
    expect(tampered).toMatchObject({ ok: false, problem: { seq: 41, kind: 'modified' } });
    expect(tampered).toEqual(await verifyAuditChain(db().db, { chain, readers: 1, fastRead: false }));
  });
});
