/**
 * The audit hash: SHA-256 (hex) over the canonical JSON of every stored column of an event
 * except `hash` itself, keyed by column name (snake_case, as an external verifier reading the
 * table sees them), with `occurred_at` as an ISO-8601 UTC string with millisecond precision
 * and absent values as null. `prev_hash` is included, which chains each event to the last.
 */
import { hash } from 'node:crypto';
import type { auditEvents } from '@/db/schema';
import { canonicalJson } from './canonical-json';

/** The prev_hash of seq 1 in every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type TAuditEventRow = typeof auditEvents.$inferSelect;

/** The object that is hashed for a row (exported so docs/tests can show exactly what is covered). */
export function auditHashInput(row: TAuditEventRow): Record<string, unknown> {
  return {
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    occurred_at: row.occurredAt.toISOString(),
    actor_type: row.actorType,
    actor_id: row.actorId ?? null,
    action: row.action,
    target_type: row.targetType ?? null,
    target_id: row.targetId ?? null,
    result: row.result,
    reason: row.reason ?? null,
    ip: row.ip ?? null,
    place: row.place ?? null,
    device: row.device ?? null,
    authenticator: row.authenticator ?? null,
    request_id: row.requestId ?? null,
    session_id: row.sessionId ?? null,
    data: row.data ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    prev_hash: row.prevHash,
  };
}

/** SHA-256 hex of the UTF-8 text; the one-shot crypto.hash (no Hash object per call: verification makes one call per event). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** auditHashInput's keys in canonical (sorted) order. */
export const CANONICAL_AUDIT_KEYS: readonly string[] = Object.keys(auditHashInput({ occurredAt: new Date(0) } as TAuditEventRow)).sort();
const SORTED_KEYS = CANONICAL_AUDIT_KEYS;

/**
 * canonicalJson(auditHashInput(row)) without sorting the fixed top-level keys for every row:
 * verification canonicalises each event of the chain, so this is its hot path. Equality with
 * the general form is tested (hash-audit-event.test.ts).
 */
export function canonicalAuditHashInput(row: TAuditEventRow): string {
  const input = auditHashInput(row);
  let out = '{';
  for (let i = 0; i < SORTED_KEYS.length; i++) {
    const key = SORTED_KEYS[i]!;
    out += `${i ? ',' : ''}"${key}":${canonicalJson(input[key])}`;
  }
  return `${out}}`;
}

/** The hash a row should carry, given its content (its stored `hash` is ignored). */
export function computeAuditHash(row: TAuditEventRow): string {
  return sha256Hex(canonicalAuditHashInput(row));
}
