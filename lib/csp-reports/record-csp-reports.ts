/**
 * Stores CSP violations aggregated per fingerprint (count + last seen) and audits them in
 * the same transaction. Audit volume is bounded: one `csp.report_received` event when a
 * fingerprint is first seen and each time its count crosses a power of ten (10, 100, …),
 * so a noisy page cannot flood the audit chain but every order of magnitude is on record.
 * The reports come from anyone's browser, unauthenticated, so their events are queued
 * (enqueueAuditEvent: no chain-head lock held by this request) and linked into the chain by
 * the sequencer moments later: a burst of reports never queues staff actions behind it.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { cspReports } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { enqueueAuditEvent } from '@/lib/audit/enqueue-audit-event';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { normaliseViolation, type TNormalisedViolation } from './normalise';
import type { TCspViolation } from './schema';

export type TRecordCspReportsResult = { received: number; fingerprints: number; audited: number };

function magnitude(n: number): number {
  return n <= 0 ? -1 : Math.floor(Math.log10(n));
}

/** True when going from `before` to `after` reaches a new power of ten (or first sight). */
export function crossesAuditThreshold(before: number, after: number): boolean {
  return before === 0 || magnitude(after) > magnitude(before);
}

/** One batch can repeat a violation: group so each fingerprint is one upsert of +n. */
function groupByFingerprint(violations: TCspViolation[]): { v: TNormalisedViolation; n: number }[] {
  const groups = new Map<string, { v: TNormalisedViolation; n: number }>();
  for (const raw of violations) {
    const v = normaliseViolation(raw);
    const g = groups.get(v.fingerprint);
    if (g) g.n += 1;
    else groups.set(v.fingerprint, { v, n: 1 });
  }
  return [...groups.values()];
}

async function upsertOne(tx: TTx, v: TNormalisedViolation, n: number, meta: TRequestMeta): Promise<boolean> {
  const now = new Date();
  const [row] = await tx
    .insert(cspReports)
    .values({ ...v, count: n, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({
      target: cspReports.fingerprint,
      // Keep the first report's details; only the counters move.
      set: { count: sql`${cspReports.count} + ${n}`, lastSeenAt: now },
    })
    .returning({ id: cspReports.id, count: cspReports.count });
  if (!row) throw new Error('csp_reports upsert returned no row');
  if (!crossesAuditThreshold(row.count - n, row.count)) return false;
  await enqueueAuditEvent(tx, {
    action: 'csp.report_received',
    actor: { type: 'system' },
    target: { type: 'csp_report', id: row.id },
    result: 'success',
    meta: { requestId: meta.requestId, ip: meta.ip, userAgent: meta.userAgent },
    data: { fingerprint: v.fingerprint, directive: v.effectiveDirective, count: row.count },
  });
  return true;
}

export async function recordCspReports(
  violations: TCspViolation[],
  meta: TRequestMeta,
  opts: { db?: TDb } = {},
): Promise<TRecordCspReportsResult> {
  const groups = groupByFingerprint(violations);
  if (groups.length === 0) return { received: 0, fingerprints: 0, audited: 0 };
  // Fixed order: two concurrent batches touching the same fingerprints lock rows in the same
  // sequence and cannot deadlock.
  groups.sort((a, b) => a.v.fingerprint.localeCompare(b.v.fingerprint));
  const db = opts.db ?? (await getDb());
  let audited = 0;
  await db.transaction(async (tx) => {
    for (const { v, n } of groups) {
      if (await upsertOne(tx, v, n, meta)) audited += 1;
    }
  });
  return { received: violations.length, fingerprints: groups.length, audited };
}
