/**
 * CSV for audit exports: RFC 4180 (CRLF record ends; a field containing `"`, `,`, CR or LF is
 * quoted and its quotes doubled) plus formula-injection neutralisation (OWASP "CSV
 * Injection"): a cell a spreadsheet would evaluate — one starting with `=`, `+`, `-`, `@`,
 * tab or CR — is prefixed with `'` so it opens as text. Neutralising runs before quoting, so
 * the prefix ends up inside the quotes.
 */
import { canonicalJson } from '../canonical-json';
import type { TAuditEventRow } from '../hash-audit-event';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes `'` to a cell a spreadsheet would treat as a formula. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** One field: neutralised, then quoted when RFC 4180 requires it. */
export function csvField(cell: string): string {
  const safe = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF-terminated (RFC 4180 §2.1). */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export const AUDIT_CSV_COLUMNS = [
  'seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'result', 'reason',
  'ip', 'place', 'device', 'authenticator', 'request_id', 'session_id', 'data', 'before', 'after',
  'chain', 'id', 'prev_hash', 'hash',
] as const;

const text = (v: string | null | undefined): string => v ?? '';
const json = (v: Record<string, unknown> | null | undefined): string => (v == null ? '' : canonicalJson(v));

export function auditCsvHeader(): string {
  return csvRecord(AUDIT_CSV_COLUMNS);
}

/** An event's cells in AUDIT_CSV_COLUMNS order (JSON columns as canonical JSON, absent values empty). */
export function auditCsvRecord(row: TAuditEventRow): string {
  return csvRecord([
    String(row.seq), row.occurredAt.toISOString(), row.actorType, text(row.actorId), row.action,
    text(row.targetType), text(row.targetId), row.result, text(row.reason), text(row.ip),
    json(row.place), json(row.device), json(row.authenticator), text(row.requestId), text(row.sessionId),
    json(row.data), json(row.before), json(row.after), row.chain, row.id, row.prevHash, row.hash,
  ]);
}
