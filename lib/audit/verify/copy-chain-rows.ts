/**
 * Verification's fastest read, for a range worker on PostgreSQL: the range is streamed by one
 * `COPY (SELECT …) TO STDOUT` (text format: a row per line, tab-separated columns, no per-row
 * protocol message to decode into strings), and each row's canonical text is assembled as
 * bytes straight from the line and hashed as bytes. Pure (no driver): the caller hands in the
 * stream's chunks.
 *
 * The byte assembly covers the common spelling only: text columns without quotes, backslashes
 * or control characters (their JSON string is the bytes between two quotes), jsonb whose
 * canonical form is cached per spelling, UTC timestamps in ISO style. Any other row is decoded
 * (COPY escapes undone) and canonicalised as the packed page path does (canonicalOfColumns). A
 * row whose text still does not hash to its stored hash is settled by its full drizzle row, as
 * on every other path: the assembly can cost time, never a verdict.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { CANONICAL_AUDIT_KEYS, sha256Hex } from '../hash-audit-event';
import { canonicalOfColumns, JSONB_COLUMNS, PACKED_KEYS, type TChainPageRow } from './packed-chain-rows';

/** The session settings the byte path expects (timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff]+00`) and the chain, as a parameter. */
export const COPY_SETTINGS_SQL = `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true), set_config('countersign.verify_chain', $1, true)`;

/** COPY takes no parameters: the chain comes from the setting above, the bounds are checked integers. */
export function copyRangeSql(afterSeq: number, uptoSeq: number): string {
  if (!Number.isSafeInteger(afterSeq) || !Number.isSafeInteger(uptoSeq)) throw new Error('range bounds must be integers');
  return `COPY (SELECT hash, seq, ${PACKED_KEYS.join(', ')} FROM audit_events
    WHERE chain = current_setting('countersign.verify_chain') AND seq > ${afterSeq} AND seq <= ${uptoSeq} ORDER BY seq) TO STDOUT`;
}

const K_TEXT = 0;
const K_JSONB = 1;
const K_TIME = 2;
const K_SEQ = 3;
const K_CHAIN = 4;
const KINDS = CANONICAL_AUDIT_KEYS.map((key) => (JSONB_COLUMNS.has(key) ? K_JSONB : key === 'occurred_at' ? K_TIME : key === 'seq' ? K_SEQ : key === 'chain' ? K_CHAIN : K_TEXT));
const PREFIXES = CANONICAL_AUDIT_KEYS.map((key, i) => Buffer.from(`${i ? ',' : '{'}"${key}":`));
/** The column (after hash and seq) whose text is the row's prev_hash. */
const PREV_HASH_COLUMN = PACKED_KEYS.indexOf('prev_hash');
const COLUMNS = PACKED_KEYS.length + 2;

const TAB = 0x09;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NULL_BYTES = Buffer.from('null');

/** COPY's text escapes (it never writes octal or hex ones); any other backslashed character stands for itself. */
const UNESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const ESCAPE = /\\(.)/gs;

/** A field's value as COPY wrote it: null for `\N`, else the text with its escapes undone. */
export function copyFieldValue(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(ESCAPE, (_, c: string) => UNESCAPED[c] ?? c) : field;
}

/** Cached canonical jsonb, keyed by the field's bytes as COPY wrote them (read as latin1: one char per byte). */
const jsonbCache = new Map<string, Buffer>();
const CACHE_MAX = 4096;
const CACHE_MAX_BYTES = 512;

function canonicalJsonbBytes(b: Buffer, s: number, e: number): Buffer {
  const key = e - s <= CACHE_MAX_BYTES ? b.toString('latin1', s, e) : null;
  const cached = key === null ? undefined : jsonbCache.get(key);
  if (cached !== undefined) return cached;
  const value = Buffer.from(canonicalJson(JSON.parse(copyFieldValue(b.toString('utf8', s, e))!)), 'utf8');
  if (key !== null) {
    if (jsonbCache.size >= CACHE_MAX) jsonbCache.clear();
    jsonbCache.set(key, value);
  }
  return value;
}

/** 1 for a byte a JSON string holds as itself (not a control character, quote or backslash); the tab ends a field. */
const PLAIN = new Uint8Array(256).map((_, c) => (c < 0x20 || c === QUOTE || c === BACKSLASH ? 0 : 1));

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * The canonical bytes of the row b[start, end) into `out`; their length, or -1 when the row
 * is not in the common spelling (or would not fit). Also gives the seq and the prev_hash span.
 */
function assemble(b: Buffer, start: number, end: number, chainToken: Buffer, out: Buffer, found: { seq: number; prevStart: number; prevEnd: number }): number {
  if ((end - start) * 2 + 1024 > out.length) return -1;
  let p = b.indexOf(TAB, start);
  if (p < 0 || p >= end) return -1;
  const seqStart = p + 1;
  let seq = 0;
  for (p = seqStart; p < end && b[p] !== TAB; p++) {
    if (!isDigit(b[p])) return -1;
    seq = seq * 10 + b[p]! - 0x30;
  }
  const seqEnd = p;
  if (seqEnd === seqStart || seqEnd >= end || !Number.isSafeInteger(seq)) return -1;
  found.seq = seq;
  let o = 0;
  let column = 0;
  p = seqEnd + 1;
  for (let k = 0; k < KINDS.length; k++) {
    const prefix = PREFIXES[k]!;
    for (let i = 0; i < prefix.length; i++) out[o++] = prefix[i]!;
    const kind = KINDS[k];
    if (kind === K_CHAIN) {
      for (let i = 0; i < chainToken.length; i++) out[o++] = chainToken[i]!;
      continue;
    }
    if (kind === K_SEQ) {
      for (let i = seqStart; i < seqEnd; i++) out[o++] = b[i]!;
      continue;
    }
    // A field runs to the next tab, the last one to the end of the line.
    if (p > end) return -1;
    const s = p;
    const last = ++column === COLUMNS - 2;
    if (b[s] === BACKSLASH && b[s + 1] === 0x4e && (s + 2 === end || b[s + 2] === TAB)) {
      // \N: SQL NULL.
      if ((s + 2 === end) !== last || column - 1 === PREV_HASH_COLUMN) return -1;
      for (let i = 0; i < 4; i++) out[o++] = NULL_BYTES[i]!;
      p = s + 3;
      continue;
    }
    if (kind === K_TEXT) {
      out[o++] = QUOTE;
      for (; p < end; p++) {
        const c = b[p]!;
        if (PLAIN[c] === 0) {
          if (c === TAB) break;
          return -1;
        }
        out[o++] = c;
      }
      out[o++] = QUOTE;
    } else {
      const tab = b.indexOf(TAB, s);
      p = tab < 0 || tab > end ? end : tab;
    }
    const e = p;
    if ((p === end) !== last) return -1;
    p++;
    if (column - 1 === PREV_HASH_COLUMN) {
      found.prevStart = s;
      found.prevEnd = e;
    }
    if (kind === K_JSONB) {
      o += canonicalJsonbBytes(b, s, e).copy(out, o);
    } else if (kind === K_TIME) {
      // YYYY-MM-DD HH:MM:SS[.f…]+00 → "YYYY-MM-DDTHH:MM:SS.mmmZ" (milliseconds truncated, as isoOfTimestampText).
      const len = e - s;
      if (len < 22 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d || b[s + 10] !== 0x20 || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return -1;
      if (b[e - 3] !== 0x2b || b[e - 2] !== 0x30 || b[e - 1] !== 0x30) return -1;
      const fracEnd = e - 3;
      if (len > 22 && (b[s + 19] !== 0x2e || len === 23)) return -1;
      for (let i = s; i < fracEnd; i++) if (i !== s + 4 && i !== s + 7 && i !== s + 10 && i !== s + 13 && i !== s + 16 && i !== s + 19 && !isDigit(b[i])) return -1;
      out[o++] = QUOTE;
      for (let i = s; i < s + 10; i++) out[o++] = b[i]!;
      out[o++] = 0x54;
      for (let i = s + 11; i < s + 19; i++) out[o++] = b[i]!;
      out[o++] = 0x2e;
      for (let i = s + 20, n = 0; n < 3; n++, i++) out[o++] = i < fracEnd ? b[i]! : 0x30;
      out[o++] = 0x5a;
      out[o++] = QUOTE;
    }
  }
  out[o++] = 0x7d;
  return column === COLUMNS - 2 ? o : -1;
}

/** A row the byte path does not cover, decoded and canonicalised like a packed page row. */
function decodeRow(line: string, chainToken: string): TChainPageRow {
  const fields = line.split('\t').map(copyFieldValue);
  const [hashText, seqText] = fields;
  const values = fields.slice(2);
  const whole = fields.length === COLUMNS && hashText != null && seqText != null && /^\d+$/.test(seqText);
  return {
    seq: whole ? Number(seqText) : Number.NaN,
    hash: hashText ?? '',
    prevHash: values[PREV_HASH_COLUMN] ?? '',
    // A row that does not split as expected gets no hash of its own, so its full row decides.
    computed: whole ? sha256Hex(canonicalOfColumns(seqText, values, chainToken)) : '',
  };
}

/** The canonical bytes of one COPY line (without its newline) when the byte path covers its spelling, else null (it is decoded instead). */
export function copyRowBytes(line: Buffer, chain: string): Buffer | null {
  const out = Buffer.allocUnsafe(line.length * 2 + 1024);
  const len = assemble(line, 0, line.length, Buffer.from(JSON.stringify(chain), 'utf8'), out, { seq: 0, prevStart: 0, prevEnd: 0 });
  return len < 0 ? null : out.subarray(0, len);
}

/**
 * Turns the chunks of a COPY stream (rows may straddle chunks) into the rows a range scan
 * checks, `pageSize` at a time (a page may run a chunk's rows over). Throws on a stream that
 * ends inside a row.
 */
export async function* copyPages(chunks: AsyncIterable<Buffer>, chain: string, pageSize: number): AsyncGenerator<TChainPageRow[]> {
  const chainText = JSON.stringify(chain);
  const chainToken = Buffer.from(chainText, 'utf8');
  let out = Buffer.allocUnsafe(64 * 1024);
  const found = { seq: 0, prevStart: 0, prevEnd: 0 };
  let rest: Buffer | null = null;
  let page: TChainPageRow[] = [];
  for await (const chunk of chunks) {
    const b: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = b.indexOf(0x0a, start); nl >= 0; nl = b.indexOf(0x0a, start)) {
      if ((nl - start) * 2 + 1024 > out.length) out = Buffer.allocUnsafe((nl - start) * 2 + 1024);
      const len = assemble(b, start, nl, chainToken, out, found);
      if (len < 0) page.push(decodeRow(b.toString('utf8', start, nl), chainText));
      else {
        const tab = b.indexOf(TAB, start);
        page.push({ seq: found.seq, hash: b.toString('latin1', start, tab), prevHash: b.toString('latin1', found.prevStart, found.prevEnd), computed: hash('sha256', out.subarray(0, len), 'hex') });
      }
      start = nl + 1;
    }
    rest = start < b.length ? b.subarray(start) : null;
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (rest) throw new Error('the COPY stream ended inside a row');
  if (page.length > 0) yield page;
}
