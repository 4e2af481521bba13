/**
 * The date-range seq bounds (audit-filter-sql.ts) only narrow the scan: on a chain whose
 * occurred_at runs out of seq order by up to the allowed slack, every range, preset and
 * page returns exactly the rows the plain occurred_at predicate does.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { benchAuditor } from '@/bench/audit-queries';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { encodeCursor, parseAuditFilter } from './audit-filter';
import { AUDIT_OCCURRED_AT_SLACK_MS as SLACK } from './audit-filter-sql';
import { queryAuditPage } from './list-audit-events';

const CHAIN = 'range-bounds';
const N = 1600;
const STEP = 60_000;
const START = Date.parse('2026-03-01T00:00:00.000Z');
let t: TTestDb;
const stamps: number[] = [];

/** Deterministic jitter in [-SLACK/2, +SLACK/2]: any two events are at most SLACK out of order, some exactly at the edge. */
function jitter(seq: number): number {
  const pattern = [0, SLACK / 2, -SLACK / 2, SLACK / 2 - 1, -(SLACK / 2 - 1), 12_345, -54_321];
  return pattern[(seq * 7919) % pattern.length]!;
}

beforeAll(async () => {
  t = await createTestDb();
  const rows = Array.from({ length: N }, (_, i) => {
    const seq = i + 1;
    const at = START + seq * STEP + jitter(seq);
    stamps.push(at);
    return {
      id: randomUUID(), chain: CHAIN, seq, occurredAt: new Date(at), actorType: 'staff' as const, actorId: `staff-${seq % 3}`,
      action: 'staff.enabled', result: 'success' as const, prevHash: '0'.repeat(64), hash: seq.toString(16).padStart(64, '0'),
    };
  });
  await t.db.insert(auditEvents).values(rows);
});
afterAll(async () => t?.dispose());

async function expected(from: number | null, to: number | null): Promise<number[]> {
  const where = and(eq(auditEvents.chain, CHAIN), from === null ? undefined : gte(auditEvents.occurredAt, new Date(from)), to === null ? undefined : lte(auditEvents.occurredAt, new Date(to)));
  return (await t.db.select({ seq: auditEvents.seq }).from(auditEvents).where(where).orderBy(desc(auditEvents.seq))).map((r) => r.seq);
}

/** Every page of a filter, followed through its cursors. */
async function allPages(query: Record<string, string>, now: Date, limit = 17): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAuditPage(t.db, benchAuditor(), parseAuditFilter({ ...query, chain: CHAIN, limit: String(limit), ...(cursor ? { cursor } : {}) }), now);
    seen.push(...page.events.map((e) => e.seq));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe(`audit date-range filters with seq bounds (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('returns exactly the rows of the plain occurred_at predicate, for ranges whose edges sit on out-of-order events', async () => {
    // Edges exactly on, and 1 ms either side of, events stamped up to SLACK/2 early or late.
    const edges = [37, 38, 121, 251, 252].flatMap((seq) => [stamps[seq - 1]! - 1, stamps[seq - 1]!, stamps[seq - 1]! + 1]);
    let nonEmpty = 0;
    for (const from of edges) {
      for (const to of edges) {
        if (to < from) continue;
        const want = await expected(from, to);
        if (want.length > 0) nonEmpty++;
        const got = await allPages({ from: iso(from), to: iso(to) }, new Date(START), 40);
        expect(got, `from ${iso(from)} to ${iso(to)}`).toEqual(want);
      }
    }
    expect(nonEmpty).toBeGreaterThan(60);
  }, 120_000);

  it('handles open-ended ranges, ranges outside the chain, and deep pages', async () => {
    for (const [from, to] of [[stamps[150]!, null], [null, stamps[150]!], [START - 86_400_000, START - 1], [START + (N + 10) * STEP, null], [START, START + 10 * N * STEP]] as const) {
      const query = { ...(from === null ? {} : { from: iso(from) }), ...(to === null ? {} : { to: iso(to) }) };
      expect(await allPages(query, new Date(START), 150)).toEqual(await expected(from, to));
    }
    const deep = await queryAuditPage(t.db, benchAuditor(), parseAuditFilter({ chain: CHAIN, from: iso(stamps[99]!), to: iso(stamps[300]!), cursor: encodeCursor(200), limit: '50' }), new Date(START));
    expect(deep.events.map((e) => e.seq)).toEqual((await expected(stamps[99]!, stamps[300]!)).filter((s) => s < 200).slice(0, 50));
  });

  it('bounds presets the same way (24 h before "now")', async () => {
    const now = new Date(stamps[N - 30]!);
    const want = await expected(now.getTime() - 24 * 3600_000, null);
    expect(want.length).toBeLessThan(N - 30);
    expect(await allPages({ preset: '24h' }, now, 150)).toEqual(want);
  });
});
