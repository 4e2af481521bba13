/**
 * The rows an export holds: those the actor may both read and export (`read` and `export`
 * AuditEvent rules, each as SQL), narrowed by the audit page's filter when the export was
 * started from it. The page filter may only match on fields the export carries: an IP filter
 * when IPs are withheld is a VALIDATION error, and free text skips withheld reasons, or the row
 * count (`x-audit-export-rows`) would answer questions about hidden values. A rule-limited or
 * filtered export leaves gaps in the chain, so it is not contiguous (its lines are checked
 * one by one, not as a chain).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { TActor } from '@/lib/auth/current-staff';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { normaliseAuditFilter, type TAuditFilter } from '../browse/audit-filter';
import { hiddenIpFilterError } from '../browse/audit-field-sql';
import { AUDIT_EVENT_COLUMNS, auditFilterToSql } from '../browse/audit-filter-sql';

export type TPageFilterSql = { where: SQL; contiguous: boolean; text: string | null };

/** True when every rule granting `action` on AuditEvent is unconditional and nothing is denied. */
function coversEveryRow(actor: TActor, action: 'read' | 'export'): boolean {
  const rules = actor.ability.rulesFor(action, 'AuditEvent');
  return rules.length > 0 && rules.every((r) => !r.inverted && !r.conditions);
}

/** `withheld`: the guarded fields the export leaves out (exportFieldPolicy). */
export function pageFilterConditions(actor: TActor, pageFilter: TAuditFilter | undefined, now: Date, withheld: readonly string[]): TPageFilterSql {
  const rowRules = sql`(${caslToSql(actor.ability, 'export', 'AuditEvent', AUDIT_EVENT_COLUMNS)}) AND (${caslToSql(actor.ability, 'read', 'AuditEvent', AUDIT_EVENT_COLUMNS)})`;
  const everyRow = coversEveryRow(actor, 'export') && coversEveryRow(actor, 'read');
  if (!pageFilter) return { where: rowRules, contiguous: everyRow, text: null };
  if (pageFilter.ip && withheld.includes('ip')) throw hiddenIpFilterError();
  const { cursor: _cursor, ...filter } = pageFilter;
  const { text } = normaliseAuditFilter(pageFilter);
  const onlyChain = text === JSON.stringify({ chain: pageFilter.chain });
  const conditions = auditFilterToSql(filter, { now, searchReason: !withheld.includes('reason') });
  return { where: sql`(${conditions}) AND (${rowRules})`, contiguous: everyRow && onlyChain, text: onlyChain ? null : text };
}
