/**
 * The filter an audit export applies, validated, turned into SQL, and summarised (≤ 500
 * characters) for the `audit.exported` event. Only a seq range keeps an export contiguous;
 * any other condition leaves gaps, so its lines can be checked one by one but not as a chain.
 */
import 'server-only';
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '@/db/schema';
import { canonicalJson } from '../canonical-json';

const ZSeq = z.number().int().min(1);

export const ZAuditExportFilter = z.strictObject({
  fromSeq: ZSeq.optional(),
  toSeq: ZSeq.optional(),
  actorId: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export type TAuditExportFilter = z.infer<typeof ZAuditExportFilter>;

export function isContiguousFilter(f: TAuditExportFilter): boolean {
  return f.actorId === undefined && f.action === undefined && f.from === undefined && f.to === undefined;
}

/** Conditions other than the keyset cursor (seq bounds included, `toSeq` already capped at the head). */
export function filterConditions(chain: string, f: TAuditExportFilter): SQL[] {
  const out: SQL[] = [eq(auditEvents.chain, chain)];
  if (f.fromSeq !== undefined) out.push(gte(auditEvents.seq, f.fromSeq));
  if (f.toSeq !== undefined) out.push(lte(auditEvents.seq, f.toSeq));
  if (f.actorId !== undefined) out.push(eq(auditEvents.actorId, f.actorId));
  if (f.action !== undefined) out.push(eq(auditEvents.action, f.action));
  if (f.from !== undefined) out.push(gte(auditEvents.occurredAt, f.from));
  if (f.to !== undefined) out.push(lte(auditEvents.occurredAt, f.to));
  return out;
}

export function whereFilter(chain: string, f: TAuditExportFilter): SQL {
  return and(...filterConditions(chain, f))!;
}

/** A JSON-friendly form of the filter (dates as ISO strings), for the manifest and the audit event. */
export function filterAsJson(chain: string, f: TAuditExportFilter): Record<string, string | number> {
  const out: Record<string, string | number> = { chain };
  for (const [k, v] of Object.entries(f)) {
    if (v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export function describeFilter(chain: string, f: TAuditExportFilter): string {
  const text = canonicalJson(filterAsJson(chain, f));
  return text.length <= 500 ? text : `${text.slice(0, 497)}...`;
}
