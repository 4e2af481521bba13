/**
 * AuditEvent field rules as SQL: the rows on which an actor may `read` (or `export`) one
 * guarded field (ip, reason, data). A filter on a hidden field must not match in SQL: even if
 * the row is dropped afterwards, the keyset cursor or a row count would still tell the reader
 * which events matched (an IP/CIDR filter could then binary-search a hidden IP). So a filter on
 * a field is AND-ed with "this field is visible on this row", and refused outright when the
 * field is visible on no row at all.
 */
import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { TAppAbility } from '@/lib/permissions/ability';
import { conditionAstToSql, type TAstNode } from '@/lib/permissions/condition-ast-to-sql';
import { type AppError, validationError } from '@/lib/errors';
import { AUDIT_GUARDED_FIELDS } from './audit-event-dto';
import type { TAuditFilter } from './audit-filter';
import { AUDIT_EVENT_COLUMNS, type TFilterSqlOptions } from './audit-filter-sql';

/** `always`: visible on every row the actor may see; `never`: on none; `some`: decided per row by conditions. */
export type TFieldAccess = 'always' | 'never' | 'some';
export type TFieldRule = { access: TFieldAccess; sql: SQL };

const EVERY_ROW: TAstNode = { operator: 'and', value: [] };
const NO_ROW: TAstNode = { operator: 'or', value: [] };

/**
 * Folds the rules that decide `action` on `field` from the lowest priority to the highest: a
 * grant widens what lies below it, a denial cuts it. Exactly CASL's "highest-priority matching
 * rule wins" for any rule order, and linear in the rule count (no denial is repeated per grant).
 * A denial of whole rows (no field list) is left out: the result only ever applies together
 * with the row filter (readableAuditEvents, the export's row rules), which already removes
 * those rows, and counting it would make a field look "sometimes hidden" on rows nobody gets.
 */
function fieldAst(ability: TAppAbility, action: 'read' | 'export', field: string): TAstNode {
  let acc = NO_ROW;
  for (const rule of [...ability.rulesFor(action, 'AuditEvent', field)].reverse()) {
    if (rule.inverted && !rule.fields) continue;
    const cond = rule.conditions ? (rule.ast as TAstNode | undefined) : undefined;
    if (rule.conditions && !cond) throw new Error('audit-field-sql: a conditional rule has no AST');
    if (rule.inverted) acc = !cond || acc === NO_ROW ? NO_ROW : { operator: 'and', value: [{ operator: 'not', value: [cond] }, acc] };
    else acc = !cond || acc === EVERY_ROW ? EVERY_ROW : { operator: 'or', value: [cond, acc] };
  }
  return acc;
}

const accessOf = (ast: TAstNode): TFieldAccess => (ast === EVERY_ROW ? 'always' : ast === NO_ROW ? 'never' : 'some');

/** Where `field` may be `action`ed, as SQL on audit_events (AND it with the row filter), and whether that is every row, none or some. */
export function auditFieldRule(ability: TAppAbility, action: 'read' | 'export', field: string): TFieldRule {
  const ast = fieldAst(ability, action, field);
  return { access: accessOf(ast), sql: conditionAstToSql(ast, 'AuditEvent', AUDIT_EVENT_COLUMNS) };
}

/** The guarded fields (AUDIT_GUARDED_FIELDS) that some row readable to the actor may withhold from `action`. */
export function fieldsNotAlways(ability: TAppAbility, action: 'read' | 'export'): string[] {
  return AUDIT_GUARDED_FIELDS.filter((f) => accessOf(fieldAst(ability, action, f)) !== 'always');
}

/** The VALIDATION error for an IP/CIDR filter when the actor may see no IP (the audit page shows it as a filter problem). */
export function hiddenIpFilterError(): AppError {
  return validationError([{ path: ['ip'], message: 'your role does not show IP addresses, so events cannot be filtered by IP' }]);
}

/**
 * How the browser applies `filter` for a reader: free text matches a reason, and an IP/CIDR
 * filter an IP, only on rows where the reader may see it; an IP filter from a reader who may
 * see no IP is a VALIDATION error rather than a silently empty page.
 */
export function readFilterOptions(ability: TAppAbility, filter: TAuditFilter, now: Date): TFilterSqlOptions {
  const ip = auditFieldRule(ability, 'read', 'ip');
  if (filter.ip && ip.access === 'never') throw hiddenIpFilterError();
  const reason = auditFieldRule(ability, 'read', 'reason');
  return {
    now,
    searchReason: reason.access !== 'never',
    ...(reason.access === 'some' ? { reasonVisible: reason.sql } : {}),
    ...(ip.access === 'some' ? { ipVisible: ip.sql } : {}),
  };
}
