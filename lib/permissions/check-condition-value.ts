/**
 * Type-checks one condition value against its field and returns it in canonical form
 * (lower-case uuids, `toISOString()` dates) so that string comparison in CASL and value
 * comparison in PostgreSQL agree. Returns undefined after reporting when the value is refused.
 */
import { isActorPlaceholder, LIST_PLACEHOLDERS } from './placeholders';
import type { TFieldSpec } from './subject-fields';

export type TReport = (path: (string | number)[], message: string) => void;
export type TScalar = string | number | boolean;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Milliseconds at most: JavaScript dates cannot hold finer values, so CASL could not compare them.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MAX_STRING = 200;

/** `toISOString()` form, or undefined for malformed or impossible dates (V8 reads Feb 31 as Mar 3). */
function canonicalDate(value: string): string | undefined {
  if (!ISO_DATE.test(value)) return undefined;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d || m < 1 || m > 12) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.slice(0, 40)}"`;
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}

function checkPlaceholder(value: string, field: string, spec: TFieldSpec, path: (string | number)[], report: TReport): string | undefined {
  if (!isActorPlaceholder(value)) {
    report(path, `unknown placeholder ${describeValue(value)}; known: \${actor.id}, \${actor.region}, \${actor.roleKeys}`);
    return undefined;
  }
  if (LIST_PLACEHOLDERS.includes(value)) {
    report(path, `${value} is a list: use it as the whole value of $in or $nin`);
    return undefined;
  }
  if (spec.placeholder !== value) {
    report(path, `${value} cannot be compared with "${field}"`);
    return undefined;
  }
  return value;
}

/** A single value (shorthand equality, $eq, $ne, $lt…, or one element of an $in list). */
export function checkScalar(value: unknown, field: string, spec: TFieldSpec, path: (string | number)[], report: TReport): TScalar | undefined {
  if (typeof value === 'string' && value.includes('${')) return checkPlaceholder(value, field, spec, path, report);
  const refuse = (expected: string) => {
    report(path, `"${field}" needs ${expected}, got ${describeValue(value)}`);
    return undefined;
  };
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse('true or false');
    case 'number':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : refuse('a whole number');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : refuse('a uuid');
    case 'enum':
      return typeof value === 'string' && spec.values?.includes(value) ? value : refuse(`one of ${spec.values?.join(', ')}`);
    case 'date': {
      const canonical = typeof value === 'string' ? canonicalDate(value) : undefined;
      return canonical ?? refuse('an ISO 8601 date-time with a time zone (e.g. 2026-01-31T00:00:00Z)');
    }
    case 'string':
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_STRING) return refuse(`a text of 1 to ${MAX_STRING} characters`);
      return !spec.pattern || spec.pattern.test(value) ? value : refuse(`a value shaped like ${spec.pattern.source}`);
  }
}

/** The value of `$in` / `$nin`: a non-empty list of at most `max` values, or a list placeholder. */
export function checkList(value: unknown, field: string, spec: TFieldSpec, max: number, path: (string | number)[], report: TReport): TScalar[] | string | undefined {
  if (typeof value === 'string' && isActorPlaceholder(value) && LIST_PLACEHOLDERS.includes(value)) {
    if (spec.placeholder === value) return value;
    report(path, `${value} cannot be compared with "${field}"`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    report(path, `needs a list of values, got ${describeValue(value)}`);
    return undefined;
  }
  if (value.length === 0 || value.length > max) {
    report(path, `needs 1 to ${max} values, got ${value.length}`);
    return undefined;
  }
  const out: TScalar[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const checked = checkScalar(item, field, spec, [...path, i], report);
    if (checked === undefined) ok = false;
    else out.push(checked);
  });
  return ok ? out : undefined;
}
