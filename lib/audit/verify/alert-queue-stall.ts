/**
 * Alerts administrators when the audit queue has stalled: events committed with their change
 * but not linked into a chain for longer than the stall limit are invisible to verification,
 * so a stopped or failing sequencer is itself an integrity problem. One alert per episode: an
 * episode starts with the oldest waiting event, and an alert raised since then is not repeated.
 */
import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { notifications } from '@/db/schema';
import type { TDb } from '@/db/types';
import { ADMINISTRATOR_AUDIENCE, notifyAdministrators } from '@/lib/notifications/notify-administrators';
import type { TAuditQueueBacklog } from '../check-audit-queue-backlog';

export const QUEUE_STALLED_KIND = 'audit.queue_stalled';

/** Returns whether it alerted (false when not stalled or already alerted for this episode). */
export async function alertAuditQueueStallOnce(db: TDb, backlog: TAuditQueueBacklog): Promise<boolean> {
  if (!backlog.stalled || !backlog.oldestQueuedAt) return false;
  const since = backlog.oldestQueuedAt;
  return db.transaction(async (tx) => {
    // Two instances running the scheduled check at once still alert once.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${QUEUE_STALLED_KIND}))`);
    const [seen] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.audience, ADMINISTRATOR_AUDIENCE), eq(notifications.kind, QUEUE_STALLED_KIND), gte(notifications.createdAt, since)))
      .limit(1);
    if (seen) return false;
    const chains = backlog.chains.map((c) => `${c.chain} (${c.count})`).join(', ');
    await notifyAdministrators(tx, {
      kind: QUEUE_STALLED_KIND,
      severity: 'critical',
      title: `${backlog.count} audit events have waited ${Math.round(backlog.oldestAgeSeconds)} s to be linked into their chain: is the sequencer running?`,
      detail: { count: backlog.count, oldestAgeSeconds: Math.round(backlog.oldestAgeSeconds), chains },
    });
    return true;
  });
}
