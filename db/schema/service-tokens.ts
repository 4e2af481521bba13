/**
 * Service tokens used by the payment core to call the ingest API. Only a SHA-256 hash of
 * the 256-bit token is stored (lookup by hash, compared in constant time); the HMAC signing
 * secret must be recoverable server-side to verify request signatures, so it is encrypted
 * with lib/crypto (AAD = table/column/row id). A token is created by executing an approved
 * "service token create" request; its plaintext waits, encrypted, in a one-time pickup row
 * that the requester reads exactly once (the row is deleted by that read).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

export const serviceTokens = pgTable(
  'service_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** First characters of the token, shown in lists so a token can be recognised (not secret). */
    prefix: text().notNull(),
    /** hex SHA-256 of the whole token. */
    tokenHash: text().notNull().unique(),
    scopes: text().array().notNull(),
    /** lib/crypto ciphertext of the HMAC-SHA256 request-signing secret. */
    hmacSecretEnc: text().notNull(),
    /** When true every request must carry a valid HMAC signature; otherwise a signature is checked only if sent. */
    requireSignature: boolean().notNull().default(false),
    expiresAt: ts().notNull(),
    revokedAt: ts(),
    revokedBy: uuid().references(() => staff.id),
    lastUsedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    createdBy: uuid().references(() => staff.id),
    /** The approval request whose execution created it. */
    createdViaRequestId: uuid(),
  },
  (t) => [
    check('service_tokens_name_length', sql`char_length(${t.name}) between 1 and 100`),
    check('service_tokens_scopes_nonempty', sql`cardinality(${t.scopes}) > 0`),
    index('service_tokens_created_idx').on(t.createdAt),
  ],
);

/** Encrypted plaintext (token + HMAC secret) waiting for its one read by the requester. */
export const serviceTokenPickups = pgTable('service_token_pickups', {
  tokenId: uuid()
    .primaryKey()
    .references(() => serviceTokens.id, { onDelete: 'cascade' }),
  requesterId: uuid()
    .notNull()
    .references(() => staff.id),
  secretEnc: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
});
