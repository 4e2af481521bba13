/**
 * Stores CSP violations aggregated per fingerprint (count + last seen) and audits them in
 * the same transaction. Audit volume is bounded: one `csp.report_received` event when a
 * fingerprint is first seen and each time its count crosses a power of ten (10, 100, …),
 * so a noisy page cannot flood the audit chain but every order of magnitude is on record.
 * The reports come from anyone's browser, unauthenticated, so their events are queued
 * (enqueueAuditEvent: no chain-head lock held by this request) and linked into the chain by
 * the sequencer moments later: a burst of reports never queues staff actions behind it.
 *
 * The reported fields are the sender's choice, so a sender could make every violation a new
 * fingerprint (a fresh document path each) and turn the first-sighting rule into one permanent
 * audit event per report. New fingerprints are therefore capped: at most NEW_PER_REQUEST per
 * request and NEW_PER_HOUR across all senders; beyond that, violations are counted on one
 * overflow row (audited at its powers of ten like any other), so the audit volume stays bounded
 * whatever is sent, and the overflow row's count shows that it happened.
 */
import 'server-only';
import { gt, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { cspReports } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { enqueueAuditEvent } from '@/lib/audit/enqueue-audit-event';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { fingerprintOf, normaliseViolation, type TNormalisedViolation } from './normalise';
import type { TCspViolation } from './schema';

export type TRecordCspReportsResult = { received: number; fingerprints: number; audited: number; overflowed: number };

/** New fingerprints one request may add; a real page reports a handful of distinct problems. */
export const CSP_NEW_FINGERPRINTS_PER_REQUEST = 5;
/** New fingerprints all senders together may add in an hour; past it only the overflow row counts. */
export const CSP_NEW_FINGERPRINTS_PER_HOUR = 100;
const OVERFLOW_LABEL = '(over the limit of new reports; not stored)';

function overflowOf(disposition: TNormalisedViolation['disposition']): TNormalisedViolation {
  return {
    fingerprint: fingerprintOf('(overflow)', '', ''),
    documentUri: OVERFLOW_LABEL,
    effectiveDirective: '(overflow)',
    blockedUri: OVERFLOW_LABEL,
    sourceFile: null,
    lineNumber: null,
    disposition,
  };
}

/** Redirects the groups that would add fingerprints beyond the caps to the overflow row (which exists or is one insert). */
async function capNewFingerprints(tx: TTx, groups: { v: TNormalisedViolation; n: number }[]): Promise<{ groups: { v: TNormalisedViolation; n: number }[]; overflowed: number }> {
  const known = new Set(
    (await tx.select({ fingerprint: cspReports.fingerprint }).from(cspReports).where(inArray(cspReports.fingerprint, groups.map((g) => g.v.fingerprint)))).map((r) => r.fingerprint),
  );
  const fresh = groups.filter((g) => !known.has(g.v.fingerprint));
  if (fresh.length === 0) return { groups, overflowed: 0 };
  const [{ n: lastHour } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(cspReports)
    .where(gt(cspReports.firstSeenAt, sql`now() - interval '1 hour'`));
  let budget = Math.max(0, Math.min(CSP_NEW_FINGERPRINTS_PER_REQUEST, CSP_NEW_FINGERPRINTS_PER_HOUR - Number(lastHour)));
  const kept: { v: TNormalisedViolation; n: number }[] = [];
  let overflowed = 0;
  for (const g of groups) {
    if (known.has(g.v.fingerprint) || budget-- > 0) kept.push(g);
    else overflowed += g.n;
  }
  if (overflowed > 0) kept.push({ v: overflowOf(groups[0]!.v.disposition), n: overflowed });
  return { groups: kept, overflowed };
}

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
  const reported = groupByFingerprint(violations);
  if (reported.length === 0) return { received: 0, fingerprints: 0, audited: 0, overflowed: 0 };
  const db = opts.db ?? (await getDb());
  let audited = 0;
  const capped = await db.transaction(async (tx) => {
    const { groups, overflowed } = await capNewFingerprints(tx, reported);
    // Fixed order: two concurrent batches touching the same fingerprints lock rows in the same
    // sequence and cannot deadlock.
    groups.sort((a, b) => a.v.fingerprint.localeCompare(b.v.fingerprint));
    for (const { v, n } of groups) {
      if (await upsertOne(tx, v, n, meta)) audited += 1;
    }
    return { fingerprints: groups.length, overflowed };
  });
  return { received: violations.length, audited, ...capped };
}
