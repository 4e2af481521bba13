/**
 * How an error appears in the log: its kind, codes and stack frames, never the data it
 * carries. A DrizzleQueryError's message ends with the query's `params` (customer ids, device
 * fingerprints, IPs, merchant names, payment tokens …); PostgreSQL messages quote the value
 * they refused (`invalid input syntax for type uuid: "…"`) and `detail` names the key values;
 * JSON.parse quotes the input. So the message is cut before `params:`, quoted values are
 * masked, and only an allow-list of diagnostic fields is kept (also from each `cause`).
 */

const MAX_MESSAGE = 500;
const MAX_CAUSES = 3;
// PostgreSQL / driver fields that name things (codes, constraints, tables), not values.
const SAFE_FIELDS = ['code', 'severity', 'routine', 'constraint', 'constraint_name', 'table', 'table_name', 'column', 'column_name', 'schema', 'schema_name', 'status'] as const;

export type TSerializedError = { type: string; message: string; stack?: string; cause?: TSerializedError } & Partial<Record<(typeof SAFE_FIELDS)[number], string>>;

// A double-quoted segment; kept only when PostgreSQL is naming an object (constraint "x").
const QUOTED = /(\b(?:constraint|relation|column|table|index|schema|type|function|database|role|sequence|trigger|view|extension)\s+)?"(?:[^"\\]|\\.|"")*"/g;

/** The message with query parameters dropped and quoted values (`"…"`, `=(…)`) masked, identifiers kept. */
export function scrubErrorMessage(message: string): string {
  const paramsAt = message.search(/\n\s*params:/);
  // Cut first (a batch INSERT's message is long), so the masking below stays cheap.
  const head = (paramsAt >= 0 ? `${message.slice(0, paramsAt)} [params redacted]` : message).slice(0, 4 * MAX_MESSAGE);
  return head
    .replace(QUOTED, (quoted: string, identifierKind?: string) => (identifierKind ? quoted : '"[redacted]"'))
    .replace(/=\((?:[^()]|\([^()]*\))*\)/g, '=([redacted])')
    .slice(0, MAX_MESSAGE);
}

function stackFrames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  // The stack's first lines repeat the message; only the "at …" frames are kept.
  const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

export function serializeError(value: unknown, depth = 0): TSerializedError | string {
  if (typeof value === 'string') return scrubErrorMessage(value);
  if (!(value instanceof Error)) return { type: value === null ? 'null' : typeof value, message: '(not an Error)' };
  const out: TSerializedError = { type: value.name || value.constructor?.name || 'Error', message: scrubErrorMessage(value.message) };
  const record = value as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) {
    const v = record[field];
    if (typeof v === 'string' || typeof v === 'number') out[field] = String(v);
  }
  const stack = stackFrames(value.stack);
  if (stack) out.stack = stack;
  if (value.cause !== undefined && depth < MAX_CAUSES) {
    const cause = serializeError(value.cause, depth + 1);
    out.cause = typeof cause === 'string' ? { type: 'string', message: cause } : cause;
  }
  return out;
}
