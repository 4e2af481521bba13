/**
 * Lists aggregated CSP reports for administrators, most recently seen first, with keyset
 * pagination (no OFFSET scans). Authorised here, not by the caller.
 */
import 'server-only';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { cspReports } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { assertCan, type TAppAbility } from '@/lib/permissions/ability';

export const ZListCspReportsInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type TListCspReportsInput = z.input<typeof ZListCspReportsInput>;

export type TCspReportDto = {
  id: string;
  documentUri: string;
  effectiveDirective: string;
  blockedUri: string;
  sourceFile: string | null;
  lineNumber: number | null;
  disposition: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
};

const ZCursor = z.object({ t: z.iso.datetime(), id: z.uuid() });

function encodeCursor(lastSeenAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: lastSeenAt.toISOString(), id })).toString('base64url');
}

function decodeCursor(cursor: string): { t: Date; id: string } {
  try {
    const parsed = ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { t: new Date(parsed.t), id: parsed.id };
  } catch {
    throw new AppError('VALIDATION', 'The page cursor is not valid; start from the first page.');
  }
}

export async function listCspReports(
  actor: { ability: TAppAbility },
  input: TListCspReportsInput = {},
  opts: { db?: TDbOrTx } = {},
): Promise<{ items: TCspReportDto[]; nextCursor: string | null }> {
  assertCan(actor.ability, 'read', 'CspReport');
  const { limit, cursor } = ZListCspReportsInput.parse(input);
  const db = opts.db ?? (await getDb());
  const after = cursor ? decodeCursor(cursor) : undefined;
  // Millisecond cursors are exact: recordCspReports writes last_seen_at from JS Dates.
  const rows = await db
    .select()
    .from(cspReports)
    .where(
      after
        ? or(lt(cspReports.lastSeenAt, after.t), and(eq(cspReports.lastSeenAt, after.t), lt(cspReports.id, after.id)))
        : undefined,
    )
    .orderBy(desc(cspReports.lastSeenAt), desc(cspReports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      documentUri: r.documentUri,
      effectiveDirective: r.effectiveDirective,
      blockedUri: r.blockedUri,
      sourceFile: r.sourceFile,
      lineNumber: r.lineNumber,
      disposition: r.disposition,
      count: r.count,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.lastSeenAt, last.id) : null,
  };
}
