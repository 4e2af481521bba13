/**
 * Transactional outbox: external effects (webhooks, notifications to other systems) are written
 * as rows in the same transaction as the change that causes them and delivered later by a
 * worker. The idempotency key is unique, so a retried producer can never enqueue twice, and
 * receivers can de-duplicate on it.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type TOutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Dotted topic, e.g. `notification.approval.waiting`, `approval.executed`. */
    topic: text().notNull(),
    idempotencyKey: text().notNull().unique(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_messages_due_idx').on(t.status, t.nextAttemptAt),
    check('outbox_messages_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);
