/**
 * The review queue's filter, parsed from URL search params (shareable links), and its opaque
 * keyset cursor. Pure: shared by the page, the bench and tests. Bad input is a VALIDATION error
 * (422), never a silent default.
 */
import { z } from '@/lib/zod-setup';
import { validationError } from '@/lib/errors';
import { RISK_LEVELS, type TRiskLevel } from './review-config';
import { parseMajorAmount } from './money';
import { SLA_STATES } from './sla';

export const QUEUE_STATUSES = ['open', 'frozen', 'in_review', 'escalated', 'released', 'declined', 'all'] as const;
export const OPEN_STATUSES = ['frozen', 'in_review', 'escalated'] as const;
export const QUEUE_SORTS = { oldest: 'Oldest first', newest: 'Newest first', score: 'Highest score', amount: 'Largest amount' } as const;
export type TQueueSort = keyof typeof QUEUE_SORTS;
export const QUEUE_AGES = { lt1h: 'Under 1 hour', '1to4h': '1–4 hours', '4to24h': '4–24 hours', gt24h: 'Over 24 hours' } as const;
export type TQueueAge = keyof typeof QUEUE_AGES;
/** Age buckets as [min, max) hours since receipt. */
export const AGE_HOURS: Record<TQueueAge, [number, number | null]> = { lt1h: [0, 1], '1to4h': [1, 4], '4to24h': [4, 24], gt24h: [24, null] };

/** Keyset position: the sort key of the last row shown (as text) and its id. */
export type TCursor = { k: string; id: string };

export function encodeCursor(c: TCursor): string {
  return Buffer.from(JSON.stringify([c.k, c.id]), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(raw: string, sort: TQueueSort): TCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [k, id] = value as unknown[];
  if (typeof k !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
  const keyOk = sort === 'oldest' || sort === 'newest' ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(k) : sort === 'score' ? /^\d{1,3}$/.test(k) : /^\d{1,18}$/.test(k);
  return keyOk ? { k, id } : null;
}

const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const ZLevels = z
  .string()
  .max(60)
  .transform((s) => [...new Set(s.split(',').map((p) => p.trim()))])
  .pipe(z.array(z.enum(RISK_LEVELS, { message: 'must be low, medium, high or critical (comma-separated)' })).min(1));
const ZScore = z.coerce.number().int().min(0).max(100);
const ZAmount = z.string().trim().max(24).regex(/^\d[\d,]*(\.\d+)?$/, 'must be an amount like 1250.00');

export const ZQueueFilter = z
  .strictObject({
    status: opt(z.enum(QUEUE_STATUSES)).transform((s) => s ?? 'open'),
    level: opt(ZLevels),
    scoreMin: opt(ZScore),
    scoreMax: opt(ZScore),
    amountMin: opt(ZAmount),
    amountMax: opt(ZAmount),
    currency: opt(z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code')),
    country: opt(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be a 2-letter country code')),
    // PostgreSQL text cannot hold NUL: refuse control characters here rather than fail in the query.
    merchant: opt(z.string().trim().min(1).max(100).regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters')),
    age: opt(z.enum(Object.keys(QUEUE_AGES) as [TQueueAge, ...TQueueAge[]])),
    assignee: opt(z.union([z.enum(['me', 'none', 'any']), z.uuid({ message: 'must be me, none, any or a staff id' })])),
    sla: opt(z.enum(SLA_STATES)),
    sort: opt(z.enum(Object.keys(QUEUE_SORTS) as [TQueueSort, ...TQueueSort[]])).transform((s) => s ?? 'oldest'),
    cursor: opt(z.string().max(200)),
    limit: opt(z.coerce.number().int().min(1).max(200)).transform((n) => n ?? 50),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.scoreMin !== undefined && f.scoreMax !== undefined && f.scoreMin > f.scoreMax) issue('scoreMax', 'is below the minimum score');
    for (const key of ['amountMin', 'amountMax'] as const) {
      const v = f[key];
      if (v !== undefined && parseMajorAmount(v, f.currency) === null) issue(key, `has more decimals than ${f.currency ?? 'the currency'} allows`);
    }
    if (f.cursor !== undefined && decodeCursor(f.cursor, f.sort) === null) issue('cursor', 'is not a valid cursor for this sort');
  })
  .transform((f) => ({
    ...f,
    level: f.level as TRiskLevel[] | undefined,
    amountMinMinor: f.amountMin !== undefined ? parseMajorAmount(f.amountMin, f.currency) : null,
    amountMaxMinor: f.amountMax !== undefined ? parseMajorAmount(f.amountMax, f.currency) : null,
    position: f.cursor !== undefined ? decodeCursor(f.cursor, f.sort) : null,
  }));

export type TQueueFilter = z.output<typeof ZQueueFilter>;

/** Parses search params (URLSearchParams or a plain record); throws VALIDATION. */
export function parseQueueFilter(raw: unknown): TQueueFilter {
  const input = raw instanceof URLSearchParams ? Object.fromEntries(raw.entries()) : (raw ?? {});
  const parsed = ZQueueFilter.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

/** The URL params of a filter with `changes` applied (the current cursor dropped), for links that keep the view. */
export function filterParams(values: Record<string, string>, changes: Record<string, string | null> = {}): string {
  const out = new URLSearchParams();
  const { cursor: _dropped, ...kept } = values;
  void _dropped;
  for (const [k, v] of Object.entries({ ...kept, ...changes })) if (v !== null && v !== '') out.set(k, v);
  return out.toString();
}
