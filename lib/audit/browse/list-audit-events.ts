/**
 * The audit log list: newest first, filtered in SQL by both the URL filter and the actor's
 * AuditEvent rules, paged by keyset only (`seq < cursor ORDER BY seq DESC LIMIT n+1`), so a
 * deep page costs what the first does. Never OFFSET.
 */
import 'server-only';
import { and, desc, type SQL } from 'drizzle-orm';
import { auditEvents, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { encodeCursor, parseAuditFilter, type TAuditFilter } from './audit-filter';
import { AUDIT_EVENT_COLUMNS, auditFilterToSql } from './audit-filter-sql';
import { AUDIT_SELECT, revealsHiddenField, rowVisibility, staffJoin, toBrowseRow, type TAuditBrowseRow } from './audit-event-dto';
import { readFilterOptions } from './audit-field-sql';

export type TAuditPage = { events: TAuditBrowseRow[]; nextCursor: string | null };

/** The actor's row filter for reading audit events (grants OR-ed, denials AND-NOT-ed). */
export function readableAuditEvents(actor: TActor): SQL {
  return caslToSql(actor.ability, 'read', 'AuditEvent', AUDIT_EVENT_COLUMNS);
}

/** Runs one keyset page of an already-parsed filter (the caller has authorised); VALIDATION for an IP filter on hidden IPs. */
export async function queryAuditPage(db: TDb, actor: TActor, filter: TAuditFilter, now: Date): Promise<TAuditPage> {
  const rows = await db
    .select(AUDIT_SELECT)
    .from(auditEvents)
    .leftJoin(staff, staffJoin)
    .where(and(auditFilterToSql(filter, readFilterOptions(actor.ability, filter, now)), readableAuditEvents(actor)))
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  // The cursor follows the last row fetched, not the last shown, so dropped rows never stall paging.
  // That is safe because no row is fetched through a field its reader may not see (readFilterOptions):
  // a cursor must never point at an event that matched on a hidden IP or reason.
  const last = page.at(-1);
  const nextCursor = rows.length > filter.limit && last ? encodeCursor(last.seq) : null;
  const visibility = rowVisibility(actor.ability);
  const events = page.flatMap((row) => {
    const vis = visibility(row);
    return revealsHiddenField(row, filter, vis) ? [] : [toBrowseRow(row, vis)];
  });
  return { events, nextCursor };
}

/** One page of the audit log for `rawFilter` (URL search params); VALIDATION on bad input, FORBIDDEN without read AuditEvent. */
export async function listAuditEvents(db: TDb, actor: TActor, rawFilter: unknown, now: Date = new Date()): Promise<TAuditPage> {
  const filter = parseAuditFilter(rawFilter);
  await authorize(db, actor, 'read', 'AuditEvent');
  return queryAuditPage(db, actor, filter, now);
}
