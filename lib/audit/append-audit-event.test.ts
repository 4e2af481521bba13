import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHeads, auditEvents, staff } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendAuditEvent } from './append-audit-event';
import { computeAuditHash, GENESIS_HASH } from './hash-audit-event';
import { REDACTED } from './redact-sensitive-fields';
import { appendSampleEvents, readChain, readEvent } from './test-helpers';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
});

describe(`appendAuditEvent (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('numbers events 1..n without gaps and links each to the previous hash from genesis', async () => {
    const appended = await appendSampleEvents(t.db, 5, 'link');
    expect(appended.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
    const rows = await readChain(t.db, 'link');
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const [head] = await t.db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, 'link'));
    expect(head).toMatchObject({ seq: 5, hash: rows[4]!.hash });
  });

  it('stores exactly what it hashed: the row read back from the database recomputes to its hash', async () => {
    const awkward = {
      nested: { z: [1, 2.5, -0.125, 1e21, Number.MAX_SAFE_INTEGER, 2 ** 60, null, { deep: 'ü€🙂 "quoted"\n' }], a: true },
      empty: {},
      list: [],
      missing: undefined,
      nullish: null,
      when: new Date('2026-03-04T05:06:07.089Z'),
    };
    const { seq, hash } = await t.db.transaction((tx) =>
      appendAuditEvent(tx, {
        chain: 'roundtrip',
        action: 'staff.enabled',
        actor: { type: 'service', id: 'svc-1' },
        target: { type: 'staff', id: 'staff-9' },
        result: 'success',
        reason: 'back from leave',
        meta: { requestId: 'req-rt', ip: '2a00:1450:4001:80b::200e', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/133.0', sessionId: 'sess-1' },
        authenticatorAaguid: 'bada5566-a7aa-401f-bd96-45619a55120d',
        before: { status: 'disabled', ...awkward },
        after: { status: 'active' },
      }),
    );
    const row = await readEvent(t.db, 'roundtrip', seq);
    // Stored as real jsonb objects (not a JSON string inside jsonb), as an external verifier sees them.
    const [kinds] = await t.db
      .select({ before: sql<string>`jsonb_typeof(${auditEvents.before})`, num: sql<string>`jsonb_typeof(${auditEvents.before}->'nested'->'z'->1)` })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, 'roundtrip'), eq(auditEvents.seq, seq)));
    expect(kinds).toEqual({ before: 'object', num: 'number' });
    expect(row.hash).toBe(hash);
    expect(computeAuditHash(row)).toBe(hash);
    expect(row.occurredAt.getMilliseconds()).toBe(row.occurredAt.getTime() % 1000);
    expect(row.before).toEqual({
      status: 'disabled',
      nested: { a: true, z: [1, 2.5, -0.125, 1e21, 9007199254740991, 1152921504606846976, null, { deep: 'ü€🙂 "quoted"\n' }] },
      empty: {},
      list: [],
      nullish: null,
      when: '2026-03-04T05:06:07.089Z',
    });
    expect(row).toMatchObject({
      actorType: 'service',
      actorId: 'svc-1',
      data: {},
      place: { country: 'DE' },
      device: { browser: 'Firefox 133', os: 'Windows 10', deviceType: 'desktop' },
      authenticator: { aaguid: 'bada5566-a7aa-401f-bd96-45619a55120d', model: '1Password' },
      requestId: 'req-rt',
      sessionId: 'sess-1',
    });
  });

  it('stores null for absent optional fields and still verifies', async () => {
    const { seq } = await t.db.transaction((tx) =>
      appendAuditEvent(tx, { chain: 'sparse', action: 'auth.sign_in.failed', actor: { type: 'system' }, result: 'failure', data: { reason: 'unknown_credential' } }),
    );
    const row = await readEvent(t.db, 'sparse', seq);
    expect(row).toMatchObject({ actorId: null, targetType: null, ip: null, place: null, device: null, authenticator: null, before: null, after: null });
    expect(computeAuditHash(row)).toBe(row.hash);
  });

  it('redacts staff email and name in snapshots but keeps a passkey label', async () => {
    const staffEvent = await t.db.transaction((tx) =>
      appendAuditEvent(tx, {
        chain: 'redact',
        action: 'setup.completed',
        actor: { type: 'system' },
        target: { type: 'staff', id: 's1' },
        result: 'success',
        data: { role: 'administrator' },
        after: { id: 's1', name: 'Ada Lovelace', email: 'ada@example.com', roles: ['administrator'] },
      }),
    );
    const renamed = await t.db.transaction((tx) =>
      appendAuditEvent(tx, {
        chain: 'redact',
        action: 'passkey.renamed',
        actor: { type: 'staff', id: 's1' },
        target: { type: 'passkey', id: 'pk1' },
        result: 'success',
        before: { name: 'Passkey 1' },
        after: { name: 'Work laptop', publicKey: 'pQECAyYg' },
      }),
    );
    expect((await readEvent(t.db, 'redact', staffEvent.seq)).after).toEqual({ id: 's1', name: REDACTED, email: REDACTED, roles: ['administrator'] });
    expect((await readEvent(t.db, 'redact', renamed.seq)).after).toEqual({ name: 'Work laptop', publicKey: REDACTED });
  });

  it("rolls back the caller's change when the append is invalid", async () => {
    const email = `rollback-${Date.now()}@example.com`;
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(staff).values({ name: 'Rolled Back', email });
        await appendAuditEvent(tx, {
          chain: 'rollback',
          action: 'staff.disabled',
          actor: { type: 'system' },
          result: 'success',
          data: { sessionsEnded: 1, notInSchema: true },
        });
      }),
    ).rejects.toThrow(/Invalid audit data for staff.disabled/);
    expect(await t.db.select().from(staff).where(eq(staff.email, email))).toEqual([]);
    expect(await readChain(t.db, 'rollback')).toEqual([]);
  });

  it('rejects an unknown action and a malformed actor', async () => {
    await expect(
      t.db.transaction((tx) =>
        appendAuditEvent(tx, { chain: 'rollback', action: 'made.up' as 'staff.enabled', actor: { type: 'system' }, result: 'success' }),
      ),
    ).rejects.toThrow(/unknown audit action/);
    await expect(
      t.db.transaction((tx) =>
        appendAuditEvent(tx, { chain: 'rollback', action: 'staff.enabled', actor: { type: 'staff', id: '' }, result: 'success' }),
      ),
    ).rejects.toThrow();
  });

  it('gives back the seq of an append whose transaction rolled back, so the chain stays gap-free', async () => {
    await appendSampleEvents(t.db, 2, 'gapfree');
    await expect(
      t.db.transaction(async (tx) => {
        await appendAuditEvent(tx, { chain: 'gapfree', action: 'staff.enabled', actor: { type: 'system' }, result: 'success' });
        throw new Error('the change failed after auditing');
      }),
    ).rejects.toThrow('the change failed');
    const [next] = await appendSampleEvents(t.db, 1, 'gapfree');
    expect(next!.seq).toBe(3);
    expect((await readChain(t.db, 'gapfree')).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('keeps chains independent', async () => {
    await appendSampleEvents(t.db, 2, 'chain-a');
    await appendSampleEvents(t.db, 1, 'chain-b');
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, 'chain-b'));
    expect(rows.map((r) => [r.seq, r.prevHash])).toEqual([[1, GENESIS_HASH]]);
  });
});
