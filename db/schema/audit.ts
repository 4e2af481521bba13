/**
 * The tamper-evident audit log: hash-chained events, the chain head used to serialise
 * appends, and Ed25519-signed checkpoints. Triggers (migration `audit_guards`) refuse
 * UPDATE, DELETE and TRUNCATE on events and checkpoints.
 */
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid().primaryKey(),
    chain: text().notNull().default('main'),
    seq: bigint({ mode: 'number' }).notNull(),
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
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_seq_uq').on(t.chain, t.seq),
    // The browser's hot filters (docs/audit.md "Indexes"); ORDER BY seq DESC LIMIT n reads them backwards.
    index('audit_events_chain_occurred_idx').on(t.chain, t.occurredAt),
    index('audit_events_chain_action_seq_idx').on(t.chain, t.action, t.seq),
    index('audit_events_actor_idx').on(t.actorId, t.seq),
    index('audit_events_target_idx').on(t.targetType, t.targetId, t.seq),
    index('audit_events_request_idx').on(t.requestId),
    index('audit_events_session_idx').on(t.sessionId),
    // Exact IP matches; CIDR filters use the GiST expression index on (ip::inet) (migration audit_indexes_prune).
    index('audit_events_ip_idx').on(t.ip),
  ],
);

export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
  lastCheckpointSeq: bigint({ mode: 'number' }).notNull().default(0),
  lastCheckpointAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    chain: text().notNull(),
    seq: bigint({ mode: 'number' }).notNull(),
    hash: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    keyId: text().notNull(),
    /** base64 Ed25519 signature over the canonical JSON of {chain, seq, hash, createdAt, keyId}. */
    signature: text().notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_chain_seq_uq').on(t.chain, t.seq)],
);
