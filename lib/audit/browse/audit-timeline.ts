/**
 * The audit history shown on a record's own page (a staff member, role, approval request or
 * transaction): what was done to it, or what a staff member did. Same rules and keyset paging
 * as the audit log list.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { parseAuditFilter } from './audit-filter';
import { queryAuditPage, type TAuditPage } from './list-audit-events';

export type TTimelineSubject = { targetType: string; targetId: string } | { actorId: string };

export async function auditTimeline(db: TDb, actor: TActor, of: TTimelineSubject, cursor?: string): Promise<TAuditPage> {
  const scope = 'actorId' in of ? { actor: of.actorId } : { targetType: of.targetType, targetId: of.targetId };
  const filter = parseAuditFilter({ ...scope, cursor, limit: '50' });
  await authorize(db, actor, 'read', 'AuditEvent');
  return queryAuditPage(db, actor, filter, new Date());
}
