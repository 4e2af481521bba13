/**
 * The audit browser's filter, parsed from URL search-param strings (shareable links), plus
 * the opaque keyset cursor and the normalised form used to audit "who looked at what" once
 * per session and filter. Bad input is a VALIDATION error (422), never a silent default.
 */
import { z } from 'zod';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { sha256Hex } from '@/lib/audit/hash-audit-event';
import { parseIpBlock } from '@/lib/audit/special-ip-ranges';
import { validationError } from '@/lib/errors';

export const AUDIT_PRESETS = { '24h': 24 * 3600_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type TAuditPreset = keyof typeof AUDIT_PRESETS;

export type TIpFilter = { kind: 'exact'; address: string } | { kind: 'cidr'; network: string };

/** An IP address (matched exactly, as appendAuditEvent stores it) or a CIDR block (matched with `inet <<=`). */
export function parseIpFilter(raw: string): TIpFilter | null {
  const block = parseIpBlock(raw);
  if (!block) return null;
  return block.exact ? { kind: 'exact', address: block.address } : { kind: 'cidr', network: `${block.address}/${block.prefix}` };
}

/** The cursor is the base64url of the last seen seq: opaque to clients, trivially stable. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,15}$/.test(text)) return null;
  const seq = Number(text);
  return Number.isSafeInteger(seq) ? seq : null;
}

// Empty URL params ("?actor=") mean "not set".
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const ZKey = z.string().max(64).regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'must be a dotted key such as auth.sign_in.failed');
// PostgreSQL text cannot hold NUL: refuse control characters here rather than fail in the query.
const NO_CONTROL = /^[^\p{Cc}\p{Cs}]*$/u;
const ZIdText = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL, 'must not contain control characters');

export const ZAuditFilter = z
  .strictObject({
    chain: opt(ZKey).transform((c) => c ?? 'main'),
    actor: opt(ZIdText(100)),
    action: opt(ZKey),
    category: opt(z.string().max(32).regex(/^[a-z][a-z0-9_-]*$/, 'must be the part of an action before the first dot')),
    targetType: opt(ZIdText(64)),
    targetId: opt(ZIdText(200)),
    result: opt(z.enum(['success', 'denied', 'failure'])),
    from: opt(z.iso.datetime({ offset: true })),
    to: opt(z.iso.datetime({ offset: true })),
    preset: opt(z.enum(Object.keys(AUDIT_PRESETS) as [TAuditPreset, ...TAuditPreset[]])),
    ip: opt(z.string().max(64).refine((v) => parseIpFilter(v) !== null, 'must be an IPv4/IPv6 address or CIDR block')),
    requestId: opt(ZIdText(100)),
    q: opt(z.string().trim().min(1).max(100).regex(NO_CONTROL, 'must not contain control characters')),
    cursor: opt(z.string().max(24).refine((c) => decodeCursor(c) !== null, 'is not a valid cursor')),
    limit: opt(z.coerce.number().int().min(1).max(200)).transform((n) => n ?? 50),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.action && f.category) issue('category', 'choose an action or a category, not both');
    if (f.targetId && !f.targetType) issue('targetId', 'needs a targetType');
    if (f.preset && (f.from || f.to)) issue('preset', 'choose a preset or a from/to range, not both');
    if (f.from && f.to && Date.parse(f.from) > Date.parse(f.to)) issue('to', 'is before from');
  });

export type TAuditFilter = z.output<typeof ZAuditFilter>;

/** Parses search params (URLSearchParams or a plain record, as Next passes them); throws VALIDATION. */
export function parseAuditFilter(raw: unknown): TAuditFilter {
  const input = raw instanceof URLSearchParams ? Object.fromEntries(raw.entries()) : (raw ?? {});
  const parsed = ZAuditFilter.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

/** The filter as it identifies a view: paging dropped, presets kept as words (not resolved times). */
export function normaliseAuditFilter(filter: TAuditFilter): { text: string; hash: string } {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  const kept = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const ip = typeof kept.ip === 'string' ? parseIpFilter(kept.ip) : null;
  if (ip) kept.ip = ip.kind === 'exact' ? ip.address : ip.network;
  const text = canonicalJson(kept);
  return { text, hash: sha256Hex(text) };
}
