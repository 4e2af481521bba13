/**
 * An export started from the audit page carries the page's filter, and is also limited to
 * the rows the actor's `export AuditEvent` rules allow. Either one leaves gaps in the chain,
 * so such an export is not contiguous (its lines are checked one by one, not as a chain).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { TActor } from '@/lib/auth/current-staff';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { normaliseAuditFilter, type TAuditFilter } from '../browse/audit-filter';
import { AUDIT_EVENT_COLUMNS, auditFilterToSql } from '../browse/audit-filter-sql';
import { visibilityOf } from '../browse/audit-event-dto';

export type TPageFilterSql = { where: SQL; contiguous: boolean; text: string | null };

/** True when every rule granting `export AuditEvent` is unconditional and nothing is denied. */
function exportsEveryRow(actor: TActor): boolean {
  const rules = actor.ability.rulesFor('export', 'AuditEvent');
  return rules.length > 0 && rules.every((r) => !r.inverted && !r.conditions);
}

export function pageFilterConditions(actor: TActor, pageFilter: TAuditFilter | undefined, now: Date): TPageFilterSql {
  const rowRules = caslToSql(actor.ability, 'export', 'AuditEvent', AUDIT_EVENT_COLUMNS);
  const everyRow = exportsEveryRow(actor);
  if (!pageFilter) return { where: rowRules, contiguous: everyRow, text: null };
  const { cursor: _cursor, ...filter } = pageFilter;
  const { text } = normaliseAuditFilter(pageFilter);
  const onlyChain = text === JSON.stringify({ chain: pageFilter.chain });
  const conditions = auditFilterToSql(filter, { now, searchReason: visibilityOf(actor.ability).reason });
  return { where: sql`(${conditions}) AND (${rowRules})`, contiguous: everyRow && onlyChain, text: onlyChain ? null : text };
}
