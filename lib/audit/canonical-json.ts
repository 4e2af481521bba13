/**
 * Canonical JSON for hashing and signing: the text JSON.stringify would produce, but with
 * object keys sorted (by UTF-16 code units, as RFC 8785 does) at every depth and no
 * whitespace. Values that JSON cannot carry faithfully (non-finite numbers, bigint, cycles)
 * throw instead of being silently changed, because a hash over a value that the database
 * will store differently could never be re-verified.
 */

export type TJsonValue = null | boolean | number | string | TJsonValue[] | { [key: string]: TJsonValue };

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

function hasToJson(v: object): v is { toJSON: () => unknown } {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

/** Returns undefined for values JSON.stringify omits from objects (undefined, functions, symbols). */
function encode(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      throw new CanonicalJsonError(`${path}: bigint is not representable in JSON; pass a string or number`);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: ${value} is not representable in JSON`);
      return JSON.stringify(value);
  }
  const obj = value as object;
  if (hasToJson(obj)) return encode(obj.toJSON(), path, seen);
  if (seen.has(obj)) throw new CanonicalJsonError(`${path}: cyclic structure`);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      // Like JSON.stringify: array holes and undefined become null so indexes keep their meaning.
      const items = obj.map((item, i) => encode(item, `${path}[${i}]`, seen) ?? 'null');
      return `[${items.join(',')}]`;
    }
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const encoded = encode(record[key], `${path}.${key}`, seen);
      if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** Thrown by the fast encoder; the slow, path-tracking encoder then explains where. */
const UNREPRESENTABLE = Symbol('unrepresentable');

/**
 * The same encoding as `encode` without building a path for every value: verification
 * canonicalises every event of the chain, so this is the hot path. Anything it cannot encode
 * is re-run through `encode`, whose error names the offending path.
 */
function encodeFast(value: unknown, stack: object[]): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw UNREPRESENTABLE;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw UNREPRESENTABLE;
  }
  const obj = value as object;
  if (hasToJson(obj)) return encodeFast(obj.toJSON(), stack);
  if (stack.includes(obj)) throw UNREPRESENTABLE;
  stack.push(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = '[';
    for (let i = 0; i < obj.length; i++) out += `${i ? ',' : ''}${encodeFast(obj[i], stack) ?? 'null'}`;
    out += ']';
  } else {
    const record = obj as Record<string, unknown>;
    out = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const encoded = encodeFast(record[key], stack);
      if (encoded === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${encoded}`;
      first = false;
    }
    out += '}';
  }
  stack.pop();
  return out;
}

/** Canonical JSON text of a value (see the module comment for the exact rules). */
export function canonicalJson(value: unknown): string {
  let out: string | undefined;
  try {
    out = encodeFast(value, []);
  } catch (e) {
    if (e !== UNREPRESENTABLE) throw e;
    out = encode(value, '$', new Set());
  }
  if (out === undefined) throw new CanonicalJsonError('$: undefined has no JSON representation');
  return out;
}

/** The plain-JSON form of a value, exactly as it will round-trip through jsonb. */
export function toJsonValue(value: unknown): TJsonValue {
  return JSON.parse(canonicalJson(value)) as TJsonValue;
}
