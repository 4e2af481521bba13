/** Passkeys, WebAuthn challenges, sessions, one-time setup and invite tokens, sign-in throttling. */
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roles, staff } from './staff';

const ts = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: 'date' }) : timestamp({ withTimezone: true, mode: 'date' });

export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid().primaryKey().defaultRandom(),
    staffId: uuid().notNull().references(() => staff.id, { onDelete: 'cascade' }),
    /** base64url credential id; unique across all staff. */
    credentialId: text().notNull(),
    /** base64url COSE public key. */
    publicKey: text().notNull(),
    counter: bigint({ mode: 'number' }).notNull().default(0),
    transports: jsonb().$type<string[]>().notNull().default([]),
    aaguid: text().notNull().default('00000000-0000-0000-0000-000000000000'),
    deviceType: text({ enum: ['singleDevice', 'multiDevice'] }).notNull(),
    backedUp: boolean().notNull().default(false),
    name: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    lastUsedAt: ts(),
    suspendedAt: ts(),
    suspendedReason: text(),
  },
  (t) => [uniqueIndex('passkeys_credential_id_uq').on(t.credentialId), index('passkeys_staff_idx').on(t.staffId)],
);

export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** base64url of 32 random bytes (or of the action hash for signatures). */
    challenge: text().notNull(),
    purpose: text({ enum: ['register', 'authenticate', 'step-up', 'sign-action', 'enrolment-ticket'] }).notNull(),
    /** SHA-256 of the browser-binding cookie value: the challenge only works from that browser. */
    bindingHash: text().notNull(),
    staffId: uuid(),
    /** What a registration or signature is for (setup token id, invite id, action payload hash). */
    context: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
  },
  (t) => [uniqueIndex('webauthn_challenges_challenge_uq').on(t.challenge), index('webauthn_challenges_expires_idx').on(t.expiresAt)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    staffId: uuid().notNull().references(() => staff.id, { onDelete: 'cascade' }),
    passkeyId: uuid().references(() => passkeys.id, { onDelete: 'set null' }),
    createdAt: ts().notNull().defaultNow(),
    lastSeenAt: ts().notNull().defaultNow(),
    /** Last passkey verification in this session (sign-in or step-up), for requireRecentPasskey. */
    lastPasskeyAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    endedAt: ts(),
    endReason: text({ enum: ['signed-out', 'revoked', 'idle', 'expired', 'staff-disabled', 'passkey-removed'] }),
    ip: text(),
    userAgent: text(),
    place: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index('sessions_staff_idx').on(t.staffId)],
);

export const setupTokens = pgTable('setup_tokens', {
  id: uuid().primaryKey().defaultRandom(),
  tokenHash: text().notNull().unique(),
  createdAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
  usedAt: ts(),
});

export const invites = pgTable(
  'invites',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    email: text().notNull(),
    roleId: uuid().notNull().references(() => roles.id),
    tokenHash: text().notNull().unique(),
    createdBy: uuid().notNull().references(() => staff.id),
    createdAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    acceptedAt: ts(),
    acceptedStaffId: uuid().references(() => staff.id),
    revokedAt: ts(),
    revokedBy: uuid().references(() => staff.id),
    /**
     * Chosen by the invite form when it is shown, so a POST delivered twice (a browser resending
     * it after an instance crash, docs/ha.md) finds this row instead of creating a second invite.
     * Null for invites made before it existed.
     */
    submissionId: uuid().unique(),
  },
  (t) => [index('invites_pending_idx').on(t.createdAt)],
);

/** One row per failed sign-in: counted per IP (throttle) and per staff member (alert). */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid().primaryKey().defaultRandom(),
    ip: text().notNull(),
    staffId: uuid(),
    reason: text().notNull(),
    occurredAt: ts().notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_ip_idx').on(t.ip, t.occurredAt), index('sign_in_failures_staff_idx').on(t.staffId, t.occurredAt)],
);

/** Fixed-window counters shared by every instance (CSP reports, other abuse limits). */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  windowStart: ts().notNull(),
  count: integer().notNull().default(0),
});
