/**
 * checkAuditQueueBacklog: what is waiting in the audit queue, i.e. events committed with
 * their change but not yet linked into a chain (a verification of the chain does not see
 * them yet). Ages are measured on the database clock from the enqueueing transaction. A
 * backlog older than a few seconds means no sequencer is running or it keeps failing.
 */
import 'server-only';
import { asc, count, min, sql } from 'drizzle-orm';
import { auditEventQueue } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';

/** Default age past which the backlog counts as stalled (the in-process sequencer normally keeps it under a second). */
export const AUDIT_QUEUE_STALL_SECONDS = 60;

export type TAuditQueueChainBacklog = { chain: string; count: number; oldestQueuedAt: Date; oldestAgeSeconds: number };
export type TAuditQueueBacklog = {
  count: number;
  /** 0 when the queue is empty. */
  oldestAgeSeconds: number;
  oldestQueuedAt: Date | null;
  stalled: boolean;
  chains: TAuditQueueChainBacklog[];
};

export async function checkAuditQueueBacklog(db: TDbOrTx, opts: { stallSeconds?: number } = {}): Promise<TAuditQueueBacklog> {
  const rows = await db
    .select({
      chain: auditEventQueue.chain,
      count: count(),
      oldestQueuedAt: min(auditEventQueue.queuedAt),
      oldestAgeSeconds: sql<string>`extract(epoch from now() - min(${auditEventQueue.queuedAt}))`,
    })
    .from(auditEventQueue)
    .groupBy(auditEventQueue.chain)
    .orderBy(asc(auditEventQueue.chain));
  const chains = rows.map((r) => ({
    chain: r.chain,
    count: Number(r.count),
    oldestQueuedAt: new Date(r.oldestQueuedAt!),
    oldestAgeSeconds: Math.max(0, Number(r.oldestAgeSeconds)),
  }));
  const oldest = chains.reduce<TAuditQueueChainBacklog | null>((o, c) => (!o || c.oldestQueuedAt < o.oldestQueuedAt ? c : o), null);
  const oldestAgeSeconds = oldest?.oldestAgeSeconds ?? 0;
  return {
    count: chains.reduce((n, c) => n + c.count, 0),
    oldestAgeSeconds,
    oldestQueuedAt: oldest?.oldestQueuedAt ?? null,
    stalled: oldestAgeSeconds > (opts.stallSeconds ?? AUDIT_QUEUE_STALL_SECONDS),
    chains,
  };
}
