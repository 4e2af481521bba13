/**
 * Opaque keyset cursor over (created_at desc, id desc): the last row of a page. Refuses
 * anything it did not make, so a forged cursor is a validation error, never a SQL fragment.
 */
import { z } from 'zod';

export type TTimeIdCursor = { at: Date; id: string };

const ZDecoded = z.strictObject({ at: z.iso.datetime({ offset: true }), id: z.uuid() });

export function encodeTimeIdCursor(c: TTimeIdCursor): string {
  return Buffer.from(JSON.stringify({ at: c.at.toISOString(), id: c.id })).toString('base64url');
}

export function decodeTimeIdCursor(cursor: string): TTimeIdCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const parsed = ZDecoded.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { at: new Date(parsed.data.at), id: parsed.data.id } : null;
  } catch {
    return null;
  }
}

export const ZTimeIdCursor = z
  .string()
  .max(200)
  .refine((c) => decodeTimeIdCursor(c) !== null, 'is not a valid cursor');
