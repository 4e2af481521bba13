/**
 * Customers, card transactions submitted by the payment core, reviewer notes and the
 * Idempotency-Key store of the ingest API. Card data is tokenized: no column may ever hold
 * a PAN (the ingest PAN guard refuses it before anything is stored). Customer PII is held
 * only as AES-256-GCM ciphertext (lib/crypto envelope text carrying its key id), with
 * HMAC blind indexes for lookup.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { staff } from './staff';
import { serviceTokens } from './service-tokens';

/** Matches lib/permissions/subject-fields.ts Transaction.status: frozen = waiting for review, in_review = claimed. */
export const transactionStatus = pgEnum('transaction_status', ['pending', 'frozen', 'in_review', 'released', 'declined', 'escalated']);
export const riskLevel = pgEnum('risk_level', ['low', 'medium', 'high', 'critical']);
export const riskDecision = pgEnum('risk_decision', ['allow', 'review', 'decline']);
export const transactionChannel = pgEnum('transaction_channel', ['ecommerce', 'pos', 'moto', 'recurring', 'in_app', 'atm']);
export const idempotencyStatus = pgEnum('idempotency_status', ['in_progress', 'completed']);

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

export const customers = pgTable(
  'customers',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The payment core's own customer reference. */
    externalRef: text().notNull().unique(),
    region: text(),
    // Ciphertexts (lib/crypto envelope: key id + IV + ciphertext + tag; AAD = table/column/row id).
    nameEnc: text(),
    emailEnc: text(),
    phoneEnc: text(),
    addressEnc: text(),
    dateOfBirthEnc: text(),
    /** HMAC-SHA256 (separate key) of the normalised email / phone: equality lookup without decrypting. */
    emailBlindIndex: text(),
    phoneBlindIndex: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('customers_email_bidx').on(t.emailBlindIndex), index('customers_phone_bidx').on(t.phoneBlindIndex)],
);

export const transactions = pgTable(
  'transactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The payment core's transaction id (subject field `reference`). */
    externalId: text().notNull().unique(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    amountMinor: bigint({ mode: 'bigint' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    occurredAt: ts().notNull(),
    /** When the ingest API accepted it (subject field `createdAt`). */
    receivedAt: ts().notNull().defaultNow(),
    merchantName: text().notNull(),
    merchantCategoryCode: char({ length: 4 }).notNull(),
    merchantCountry: char({ length: 2 }).notNull(),
    // Payment method as a token from the vault: never a PAN.
    paymentToken: text().notNull(),
    cardBin: text().notNull(),
    cardLast4: char({ length: 4 }).notNull(),
    cardBrand: text().notNull(),
    cardExpiryMonth: smallint().notNull(),
    cardExpiryYear: smallint().notNull(),
    channel: transactionChannel().notNull(),
    deviceId: text(),
    deviceFingerprint: text(),
    ip: inet(),
    userAgent: text(),
    geoCountry: char({ length: 2 }),
    geoLat: doublePrecision(),
    geoLon: doublePrecision(),
    riskScore: smallint().notNull(),
    riskLevel: riskLevel().notNull(),
    decision: riskDecision().notNull(),
    /** lib/risk factors: [{ code, weight, explanation, ... }]. */
    factors: jsonb().$type<Array<Record<string, unknown>>>().notNull().default([]),
    ruleSetVersion: text().notNull(),
    status: transactionStatus().notNull(),
    assigneeId: uuid().references(() => staff.id),
    claimedAt: ts(),
    slaDueAt: ts(),
    region: text(),
    decidedAt: ts(),
    decidedBy: uuid().references(() => staff.id),
    decisionReasonCode: text(),
    /** Optimistic concurrency: every state change is `... WHERE version = $v` and bumps it. */
    version: integer().notNull().default(0),
    /** The service token that submitted it. */
    ingestedByTokenId: uuid().references(() => serviceTokens.id),
  },
  (t) => [
    check('transactions_amount_positive', sql`${t.amountMinor} > 0`),
    check('transactions_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('transactions_risk_score_range', sql`${t.riskScore} between 0 and 100`),
    check('transactions_card_last4_digits', sql`${t.cardLast4} ~ '^[0-9]{4}$'`),
    check('transactions_card_bin_digits', sql`${t.cardBin} ~ '^[0-9]{6,8}$'`),
    check('transactions_geo_lat_range', sql`${t.geoLat} is null or ${t.geoLat} between -90 and 90`),
    check('transactions_geo_lon_range', sql`${t.geoLon} is null or ${t.geoLon} between -180 and 180`),
    check('transactions_claim_consistent', sql`${t.status} <> 'in_review' or ${t.assigneeId} is not null`),
    // Review queue: filter by status (+ level), keyset by (received_at, id).
    index('transactions_queue_idx').on(t.status, t.riskLevel, t.receivedAt, t.id),
    index('transactions_status_received_idx').on(t.status, t.receivedAt, t.id),
    index('transactions_status_score_idx').on(t.status, t.riskScore, t.id),
    index('transactions_assignee_idx')
      .on(t.assigneeId, t.status)
      .where(sql`${t.assigneeId} is not null`),
    index('transactions_sla_idx')
      .on(t.slaDueAt)
      .where(sql`${t.status} in ('frozen', 'in_review')`),
    // Review queue's default view (open items, oldest first) and its total count: a small partial index, so neither
    // walks the 95 % of decided rows (added by the review-queue helper after its 1 M benchmark).
    index('transactions_open_queue_idx')
      .on(t.receivedAt, t.id)
      .where(sql`${t.status} in ('frozen', 'in_review', 'escalated')`),
    index('transactions_open_level_idx')
      .on(t.riskLevel, t.receivedAt, t.id)
      .where(sql`${t.status} in ('frozen', 'in_review', 'escalated')`),
    index('transactions_currency_amount_idx').on(t.currency, t.amountMinor),
    index('transactions_merchant_country_idx').on(t.merchantCountry),
    index('transactions_received_idx').on(t.receivedAt),
    // Customer history for the risk engine and the detail page. Migration 0016 makes it cover the history columns
    // (INCLUDE amount_minor, currency, geo_*, merchant_country, device_*): Drizzle cannot express INCLUDE.
    index('transactions_customer_occurred_idx').on(t.customerId, t.occurredAt),
  ],
);

export const transactionNotes = pgTable(
  'transaction_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    transactionId: uuid()
      .notNull()
      .references(() => transactions.id),
    authorId: uuid()
      .notNull()
      .references(() => staff.id),
    body: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    check('transaction_notes_body_length', sql`char_length(${t.body}) between 1 and 4000`),
    index('transaction_notes_tx_idx').on(t.transactionId, t.createdAt),
  ],
);

/**
 * One row per (service token, Idempotency-Key). `in_progress` is claimed by INSERT ... ON
 * CONFLICT DO NOTHING before any work, so a concurrent duplicate sees the row and gets 409.
 * Rows are kept at least 24 hours; the hourly cleanup (pruneIdempotencyKeys) deletes every row
 * older than that, whatever its status (an in_progress claim is taken over after 60 s anyway).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tokenId: uuid()
      .notNull()
      .references(() => serviceTokens.id),
    key: text().notNull(),
    /** SHA-256 of the raw request body: same key with a different body → 422. */
    requestHash: text().notNull(),
    status: idempotencyStatus().notNull().default('in_progress'),
    responseStatus: smallint(),
    responseBody: jsonb().$type<Record<string, unknown>>(),
    createdAt: ts().notNull().defaultNow(),
    completedAt: ts(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
