/**
 * enqueueAuditEvent: writes one event to the audit queue inside the caller's transaction, so
 * the change and its audit record still commit or roll back together, but without taking the
 * chain-head lock: writers of one chain commit in parallel, and the sequencer
 * (sequence-audit-queue.ts) links committed events into the chain shortly after. Same
 * validation, redaction and enrichment as appendAuditEvent; the event time is taken here, on
 * the database clock.
 * Use it where volume matters and the caller does not need the event's seq at once;
 * appendAuditEvent stays the choice when the caller reads its event back immediately.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { auditEventQueue } from '@/db/schema';
import type { TTx } from '@/db/types';
import { prepareAuditFields, type TAuditEventInput } from './append-audit-event';

export type TQueuedAuditEvent = { id: string; chain: string; occurredAt: Date };

/** Queues `event` within `tx`; throws (rolling the caller back) when invalid or when the write fails. */
export async function enqueueAuditEvent(tx: TTx, event: TAuditEventInput): Promise<TQueuedAuditEvent> {
  const { id, ...fields } = await prepareAuditFields(event);
  // The database clock, one for every instance (to the millisecond: the hash covers milliseconds).
  const [queued] = await tx
    .insert(auditEventQueue)
    .values({ ...fields, eventId: id, occurredAt: sql`date_trunc('milliseconds', clock_timestamp())` })
    .returning({ occurredAt: auditEventQueue.occurredAt });
  return { id, chain: fields.chain, occurredAt: queued!.occurredAt };
}
