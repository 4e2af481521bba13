/**
 * The audit event queue: events written inside their change's transaction by
 * enqueueAuditEvent, waiting for the sequencer (lib/audit/sequence-audit-queue.ts) to link them
 * into their chain. Writers never take the chain-head lock; the sequencer moves committed rows
 * into audit_events in one transaction. Triggers (migration `audit_event_queue`) refuse UPDATE
 * and TRUNCATE, and refuse a DELETE unless every deleted event is in audit_events by then.
 */
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditEventQueue = pgTable(
  'audit_event_queue',
  {
    /** Arrival order (ties of occurred_at are linked in this order). */
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The id the event keeps in audit_events. */
    eventId: uuid().notNull(),
    chain: text().notNull(),
    occurredAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    actorType: text({ enum: ['staff', 'service', 'system'] }).notNull(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    result: text({ enum: ['success', 'denied', 'failure'] }).notNull(),
    reason: text(),
    ip: text(),
    place: jsonb().$type<Record<string, unknown>>(),
    device: jsonb().$type<Record<string, unknown>>(),
    authenticator: jsonb().$type<Record<string, unknown>>(),
    requestId: text(),
    sessionId: text(),
    data: jsonb().$type<Record<string, unknown>>(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    /** Database time of the enqueueing transaction: the backlog check measures its age on the database clock. */
    queuedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // The sequencer reads one chain's committed rows in (occurred_at, id) order.
  (t) => [index('audit_event_queue_chain_order_idx').on(t.chain, t.occurredAt, t.id)],
);
