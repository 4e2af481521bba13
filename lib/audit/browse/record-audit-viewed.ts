/**
 * Reading the audit log is itself audited: one `audit.viewed` event per session and
 * normalised filter (paging and repeat visits add nothing). The check and the append run
 * under the chain-head lock, so two concurrent first views still write a single event.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { lockChainHead } from '@/lib/audit/lock-chain-head';
import type { TActor } from '@/lib/auth/current-staff';
import { normaliseAuditFilter, parseAuditFilter } from './audit-filter';

const FILTER_TEXT_MAX = 500;

/** Records that the actor viewed the log with `rawFilter`; returns whether a new event was written. */
export async function recordAuditViewed(db: TDb, actor: TActor, rawFilter: unknown): Promise<boolean> {
  const { text, hash } = normaliseAuditFilter(parseAuditFilter(rawFilter));
  return db.transaction(async (tx) => {
    await lockChainHead(tx, 'main');
    // Narrowed by actor first: audit_events_actor_idx serves it without a session index.
    const [seen] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, actor.staff.id),
          eq(auditEvents.action, 'audit.viewed'),
          eq(auditEvents.sessionId, actor.session.id),
          eq(sql`${auditEvents.data}->>'filterHash'`, hash),
        ),
      )
      .limit(1);
    if (seen) return false;
    await appendAuditEvent(tx, {
      action: 'audit.viewed',
      actor: { type: 'staff', id: actor.staff.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { filterHash: hash, filter: text.length > FILTER_TEXT_MAX ? `${text.slice(0, FILTER_TEXT_MAX - 1)}…` : text },
    });
    return true;
  });
}
