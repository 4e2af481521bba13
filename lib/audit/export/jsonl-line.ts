/**
 * One JSONL export line: the canonical JSON of exactly the object computeAuditHash hashes
 * (auditHashInput) plus its `hash`. A verifier drops `hash`, re-canonicalises the rest and
 * compares SHA-256 — no database and no knowledge of the schema needed.
 */
import { canonicalJson } from '../canonical-json';
import { auditHashInput, sha256Hex, type TAuditEventRow } from '../hash-audit-event';

export function auditJsonLine(row: TAuditEventRow): string {
  return canonicalJson({ ...auditHashInput(row), hash: row.hash });
}

export type TParsedExportLine = { seq: number; chain: string; prevHash: string; hash: string; computedHash: string };

/** Parses a line and recomputes its hash; returns a reason string when the line is not an event at all. */
export function parseAuditJsonLine(text: string): TParsedExportLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const { hash, ...hashed } = value as Record<string, unknown>;
  const { seq, chain, prev_hash: prevHash } = hashed;
  if (typeof hash !== 'string') return 'has no hash';
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) return 'has no integer seq';
  if (typeof chain !== 'string' || typeof prevHash !== 'string') return 'has no chain or prev_hash';
  return { seq, chain, prevHash, hash, computedHash: sha256Hex(canonicalJson(hashed)) };
}
