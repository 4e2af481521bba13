/**
 * CSV for audit exports: RFC 4180 (CRLF record ends; a field containing `"`, `,`, CR or LF is
 * quoted and its quotes doubled) plus formula-injection neutralisation (OWASP "CSV
 * Injection"): a cell a spreadsheet would evaluate — one starting with `=`, `+`, `-`, `@`
 * (after any leading whitespace or invisible characters, full-width forms too), tab, CR or
 * LF — is prefixed with `'` so it opens as text. Neutralising runs before quoting, so
 * the prefix ends up inside the quotes.
 */
import { canonicalJson } from '../canonical-json';
import type { TAuditEventRow } from '../hash-audit-event';

// A leading formula sign, also behind whitespace, control or invisible characters (spreadsheets
// that trim on import would still evaluate " =1+1") and in its full-width form; or a cell that
// starts with a tab, CR or LF.
const FORMULA_START = /^[\s\p{Cc}\p{Cf}]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/u;
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
export type TAuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];

const text = (v: string | null | undefined): string => v ?? '';
const json = (v: Record<string, unknown> | null | undefined): string => (v == null ? '' : canonicalJson(v));

const CELL: { readonly [C in TAuditCsvColumn]: (row: TAuditEventRow) => string } = {
  seq: (r) => String(r.seq),
  occurred_at: (r) => r.occurredAt.toISOString(),
  actor_type: (r) => r.actorType,
  actor_id: (r) => text(r.actorId),
  action: (r) => r.action,
  target_type: (r) => text(r.targetType),
  target_id: (r) => text(r.targetId),
  result: (r) => r.result,
  reason: (r) => text(r.reason),
  ip: (r) => text(r.ip),
  place: (r) => json(r.place),
  device: (r) => json(r.device),
  authenticator: (r) => json(r.authenticator),
  request_id: (r) => text(r.requestId),
  session_id: (r) => text(r.sessionId),
  data: (r) => json(r.data),
  before: (r) => json(r.before),
  after: (r) => json(r.after),
  chain: (r) => r.chain,
  id: (r) => r.id,
  prev_hash: (r) => r.prevHash,
  hash: (r) => r.hash,
};

/** The header; `columns` is a subset of AUDIT_CSV_COLUMNS in that order (fields the reader may not export are left out). */
export function auditCsvHeader(columns: readonly TAuditCsvColumn[] = AUDIT_CSV_COLUMNS): string {
  return csvRecord(columns);
}

/** An event's cells in `columns` order (JSON columns as canonical JSON, absent values empty). */
export function auditCsvRecord(row: TAuditEventRow, columns: readonly TAuditCsvColumn[] = AUDIT_CSV_COLUMNS): string {
  return csvRecord(columns.map((c) => CELL[c](row)));
}
