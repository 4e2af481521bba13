/**
 * The fast read path of chain verification: one keyset page of a chain as the text the audit
 * hash is computed over, built straight from the columns' text (array rows, no ORM mapping, no
 * Date per row, repeated jsonb values canonicalised once). Works on both drivers (postgres.js
 * and PGlite); for any other client `rawQueryOf` gives null and the verifier reads full rows.
 *
 * The text is the one computeAuditHash builds from the drizzle row, by the same conversions:
 * text columns verbatim, jsonb through JSON.parse, occurred_at as the ISO form of the driver's
 * `new Date(text)`. Should they ever differ for some row, that row fails the fast check and is
 * re-checked from its full drizzle row, which decides (so a difference costs time, not a verdict).
 */
import 'server-only';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { CANONICAL_AUDIT_KEYS, sha256Hex } from '@/lib/audit/hash-audit-event';
import type { TTx } from '@/db/types';

/** A row as the fast path sees it: its links, and the hash of its content recomputed (`computed`). */
export type TChainPageRow = { seq: number; hash: string; prevHash: string; computed: string };

type TRawQuery = (text: string, params: unknown[]) => Promise<(string | null)[][]>;

type TPostgresJsClient = { unsafe: (q: string, p: unknown[]) => { values: () => Promise<(string | null)[][]> } };
type TPgliteClient = { query: (q: string, p: unknown[], o: { rowMode: 'array' }) => Promise<{ rows: (string | null)[][] }> };

/** A raw, array-mode query on the transaction's own connection (same snapshot), or null for an unknown driver. */
export function rawQueryOf(tx: TTx): TRawQuery | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as Partial<TPostgresJsClient & TPgliteClient> | undefined;
  if (!client) return null;
  if (typeof client.unsafe === 'function') {
    const c = client as TPostgresJsClient;
    return (q, p) => c.unsafe(q, p).values();
  }
  if (typeof client.query === 'function') {
    const c = client as TPgliteClient;
    return async (q, p) => (await c.query(q, p, { rowMode: 'array' })).rows;
  }
  return null;
}

const JSONB_COLUMNS = new Set(['place', 'device', 'authenticator', 'data', 'before', 'after']);
/** Columns drizzle returns as non-strings: read as text here (seq, occurred_at) so neither driver parses them. */
const CAST_TO_TEXT = new Set(['seq', 'occurred_at', 'id', ...JSONB_COLUMNS]);

/** How each column's text becomes its canonical JSON token, in canonical key order. */
const KINDS = CANONICAL_AUDIT_KEYS.map((key) => (key === 'seq' ? 'seq' : key === 'occurred_at' ? 'time' : JSONB_COLUMNS.has(key) ? 'jsonb' : 'text'));
/** `{"key":` / `,"key":` before each value. */
const PREFIXES = CANONICAL_AUDIT_KEYS.map((key, i) => `${i ? ',' : '{'}"${key}":`);

const PAGE_SQL = `SELECT seq::text AS seq_text, hash, prev_hash, ${CANONICAL_AUDIT_KEYS.map((k) => (CAST_TO_TEXT.has(k) ? `${k}::text` : k)).join(', ')}
  FROM audit_events WHERE chain = $1 AND seq > $2 ORDER BY audit_events.seq LIMIT $3`;

const UTC_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.(\d+))?\+00$/;

/**
 * A timestamptz's text as Date#toISOString gives it after `new Date(text)` (what drizzle
 * does): the common UTC form by string slicing (milliseconds truncated, as V8 parses them),
 * anything else through Date itself.
 */
export function isoOfTimestampText(text: string): string {
  const m = UTC_TIMESTAMP.exec(text);
  if (!m) return new Date(text).toISOString();
  const ms = m[1] === undefined ? '000' : (m[1] + '00').slice(0, 3);
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}

/** Canonical text of small jsonb values seen before: devices, places and many data objects repeat. */
const jsonbCache = new Map<string, string>();
const CACHE_MAX = 4096;
const CACHE_MAX_TEXT = 512;

/** Canonical JSON of a jsonb column's text (null for SQL NULL): the value drizzle would give, re-encoded. */
export function canonicalJsonbText(text: string | null): string {
  if (text === null) return 'null';
  const cached = jsonbCache.get(text);
  if (cached !== undefined) return cached;
  const canonical = canonicalJson(JSON.parse(text));
  if (text.length <= CACHE_MAX_TEXT) {
    if (jsonbCache.size >= CACHE_MAX) jsonbCache.clear();
    jsonbCache.set(text, canonical);
  }
  return canonical;
}

/** Up to `limit` rows of `chain` after `afterSeq`, in seq order. */
export async function readChainPage(query: TRawQuery, chain: string, afterSeq: number, limit: number): Promise<TChainPageRow[]> {
  const raw = await query(PAGE_SQL, [chain, afterSeq, limit]);
  const rows: TChainPageRow[] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r]!;
    let canonical = '';
    for (let k = 0; k < KINDS.length; k++) {
      const text = v[k + 3] ?? null;
      const kind = KINDS[k];
      canonical += PREFIXES[k]!;
      if (kind === 'jsonb') canonical += canonicalJsonbText(text);
      else if (text === null) canonical += 'null';
      else if (kind === 'text') canonical += JSON.stringify(text);
      else if (kind === 'seq') canonical += JSON.stringify(Number(text));
      else canonical += `"${isoOfTimestampText(text)}"`;
    }
    // Hashed at once: the text dies young instead of a page of them outliving a garbage collection.
    rows[r] = { seq: Number(v[0]), hash: v[1]!, prevHash: v[2]!, computed: sha256Hex(`${canonical}}`) };
  }
  return rows;
}
