/**
 * How verification reads a chain page fast, as pure code (no driver, no server-only import) so a
 * worker thread can run it as well as the server: the SQL that has the database pack each row's
 * columns into one separated text (cheap to produce, one string to decode instead of one per
 * column), and the canonical JSON built back from it with the same conversions drizzle applies
 * (text verbatim, jsonb through JSON.parse, occurred_at as the ISO form of `new Date(text)`),
 * repeated jsonb values canonicalised once.
 *
 * Should the text built here ever differ from the one computeAuditHash builds from the drizzle
 * row, that row fails the fast check and its full row decides: a difference costs time, never a
 * verdict.
 */
import { canonicalJson } from '../canonical-json';
import { CANONICAL_AUDIT_KEYS, sha256Hex } from '../hash-audit-event';

/** A row as the fast path sees it: its links, and the hash of its content recomputed (`computed`). */
export type TChainPageRow = { seq: number; hash: string; prevHash: string; computed: string };

/** Runs SQL with parameters and gives rows as arrays of text. */
export type TRawQuery = (text: string, params: unknown[]) => Promise<(string | null)[][]>;

export const JSONB_COLUMNS = new Set(['place', 'device', 'authenticator', 'data', 'before', 'after']);

/** Between the packed fields; JSON text (jsonb output) never holds it raw, and a text column holding it changes the field count. */
const SEP = '\x01';
/** A NULL among the packed fields; a text value that is exactly this is taken for NULL, fails the hash, and the full row decides. */
const NULL = '\x02';

/**
 * Everything a row's canonical text needs except `chain` (the query's own parameter), packed by
 * the database into one text (one string to decode here instead of one per column): seq first,
 * then the keys in canonical order. hash and prev_hash come as columns of their own, so the
 * links read are exact whatever the packed text holds.
 */
export const PACKED_KEYS = CANONICAL_AUDIT_KEYS.filter((key) => key !== 'chain' && key !== 'seq');
const packedSql = ['seq::text', ...PACKED_KEYS.map((key) => `coalesce(${key}${key === 'id' || key === 'occurred_at' || JSONB_COLUMNS.has(key) ? '::text' : ''}, E'\\x02')`)]
  .join(` || E'\\x01' || `);

export const PAGE_SQL = `SELECT hash, prev_hash, ${packedSql}
  FROM audit_events WHERE chain = $1 AND seq > $2 AND seq <= $3 ORDER BY audit_events.seq LIMIT $4`;

type TKind = 'jsonb' | 'time' | 'seq' | 'chain' | 'text';
const KINDS: TKind[] = CANONICAL_AUDIT_KEYS.map((key) => (JSONB_COLUMNS.has(key) ? 'jsonb' : key === 'occurred_at' ? 'time' : key === 'seq' || key === 'chain' ? key : 'text'));
/** `{"key":` / `,"key":` before each value. */
const PREFIXES = CANONICAL_AUDIT_KEYS.map((key, i) => `${i ? ',' : '{'}"${key}":`);
const FIELDS = PACKED_KEYS.length + 1;

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

/**
 * The canonical text of a row from its seq's text and its other columns' text in PACKED_KEYS
 * order (null for SQL NULL): what computeAuditHash builds from the drizzle row.
 */
export function canonicalOfColumns(seqText: string, values: readonly (string | null)[], chainToken: string): string {
  let out = '';
  for (let k = 0, f = 0; k < KINDS.length; k++) {
    const kind = KINDS[k]!;
    out += PREFIXES[k]!;
    if (kind === 'seq') out += seqText;
    else if (kind === 'chain') out += chainToken;
    else {
      const text = values[f++]!;
      if (text === null) out += 'null';
      else if (kind === 'text') out += JSON.stringify(text);
      else if (kind === 'jsonb') out += canonicalJsonbText(text);
      else out += `"${isoOfTimestampText(text)}"`;
    }
  }
  return `${out}}`;
}

/** The canonical text of one packed row, or null when its fields do not split as expected. */
function canonicalOfPacked(fields: string[], chainToken: string): string | null {
  if (fields.length !== FIELDS) return null;
  return canonicalOfColumns(fields[0]!, fields.slice(1).map((text) => (text === NULL ? null : text)), chainToken);
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

/** Up to `limit` rows of `chain` with afterSeq < seq <= uptoSeq, in seq order. */
export async function readChainPage(query: TRawQuery, chain: string, afterSeq: number, limit: number, uptoSeq = Number.MAX_SAFE_INTEGER): Promise<TChainPageRow[]> {
  const raw = await query(PAGE_SQL, [chain, afterSeq, uptoSeq, limit]);
  const chainToken = JSON.stringify(chain);
  const rows: TChainPageRow[] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r]!;
    const fields = v[2]!.split(SEP);
    const canonical = canonicalOfPacked(fields, chainToken);
    // Hashed at once: the text dies young instead of a page of them outliving a garbage collection.
    // A row that does not unpack gets no hash of its own, so its full row decides.
    rows[r] = { seq: Number(fields[0]), hash: v[0]!, prevHash: v[1]!, computed: canonical === null ? '' : sha256Hex(canonical) };
  }
  return rows;
}
