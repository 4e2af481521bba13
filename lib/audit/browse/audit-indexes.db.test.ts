/**
 * The audit browser's hot filtered queries are served by indexes (PostgreSQL only: EXPLAIN of
 * the very SQL queryAuditPage runs, over 40 000 synthetic events with fresh statistics).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticMain } from '@/bench/audit-data';
import { benchAuditor, rawPageSql } from '@/bench/audit-queries';
import { encodeCursor, parseAuditFilter } from '@/lib/audit/browse/audit-filter';
import { createTestDb, type TTestDb } from '@/lib/testing/db';

type TPlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: TPlanNode[] };

function nodes(plan: TPlanNode): TPlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const N = 40_000;
let t: TTestDb;
let raw: postgres.Sql;

describe.skipIf(!process.env.DATABASE_URL)('audit browser indexes (EXPLAIN)', () => {
  beforeAll(async () => {
    t = await createTestDb();
    raw = postgres(t.url!, { max: 1, onnotice: () => undefined });
    await loadSyntheticMain(t.db, N);
  }, 120_000);
  afterAll(async () => {
    await raw?.end({ timeout: 5 });
    await t?.dispose();
  });

  async function planOf(query: Record<string, string>): Promise<TPlanNode[]> {
    const { sql, params } = rawPageSql(t.db, benchAuditor(), parseAuditFilter(query), new Date());
    const [row] = await raw.unsafe(`EXPLAIN (FORMAT JSON) ${sql}`, params as never[]);
    return nodes((row!['QUERY PLAN'] as { Plan: TPlanNode }[])[0]!.Plan);
  }

  const cases: [string, Record<string, string>, string | null][] = [
    ['actor', { actor: 'staff-17' }, 'audit_events_actor_idx'],
    ['actor, deep page', { actor: 'staff-17', cursor: encodeCursor(N / 2) }, 'audit_events_actor_idx'],
    ['target', { targetType: 'transaction', targetId: 't-4243' }, 'audit_events_target_idx'],
    ['request id', { requestId: 'req-1234' }, 'audit_events_request_idx'],
    ['exact IP', { ip: '10.0.4.210' }, 'audit_events_ip_idx'],
    ['action', { action: 'passkey.added' }, null],
    ['date range', { from: '2025-11-01T10:00:00Z', to: '2025-11-01T11:00:00Z' }, null],
    // The seq bounds of a range are probes of (chain, occurred_at); the page itself reads (chain, seq) from inside the range.
    ['date range, seq bounds', { from: '2025-11-01T10:00:00Z', to: '2025-11-01T11:00:00Z' }, 'audit_events_chain_occurred_idx'],
    ['CIDR block', { ip: '10.0.7.0/24' }, null],
  ];

  it.each(cases)('filters by %s without a sequential scan of audit_events', async (_name, query, index) => {
    const plan = await planOf(query);
    const onEvents = plan.filter((n) => n['Relation Name'] === 'audit_events' || n['Index Name']?.startsWith('audit_events'));
    expect(onEvents.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(onEvents.some((n) => n['Index Name']?.startsWith('audit_events'))).toBe(true);
    if (index) expect(onEvents.map((n) => n['Index Name'])).toContain(index);
  });
});
