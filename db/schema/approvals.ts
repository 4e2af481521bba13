/**
 * Multi-signer approvals: versioned policies per action type, requests carrying the exact
 * payload that will execute, and passkey-signed decisions. Separation of duties is backed by
 * constraints here, not only by the data layer: a decision repeats the request's requester
 * (checked by a composite foreign key) so `staff_id <> requester_id` can be a CHECK, and a
 * person decides at most once per request version (or once per step when the policy allows
 * one person to sign several steps).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

export const APPROVAL_STATUSES = ['pending', 'approved', 'executed', 'rejected', 'expired', 'cancelled', 'failed'] as const;
export type TApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type TApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const approvalPolicies = pgTable(
  'approval_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    actionType: text().notNull(),
    version: integer().notNull(),
    /** TPolicyDefinition (lib/approvals/policy-schema.ts), validated before insert. */
    definition: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Null for the registry default stored on first use. */
    createdBy: uuid().references(() => staff.id),
    /** The approval-policy.update request that produced this version, when there was one. */
    sourceRequestId: uuid(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [unique('approval_policies_type_version_uq').on(t.actionType, t.version), check('approval_policies_version_ck', sql`${t.version} >= 1`)],
);

export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    actionType: text().notNull(),
    /** The canonical payload: exactly what executes. */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** SHA-256 hex of the canonical JSON of `payload`; signatures bind this. */
    payloadHash: text().notNull(),
    summary: text().notNull(),
    reason: text().notNull(),
    requesterId: uuid().notNull().references(() => staff.id),
    policyId: uuid().notNull().references(() => approvalPolicies.id),
    policyVersion: integer().notNull(),
    tierIndex: integer().notNull(),
    status: text({ enum: APPROVAL_STATUSES }).notNull().default('pending'),
    /** Bumped by every payload change; decisions on an older version are void. */
    version: integer().notNull().default(1),
    currentStep: integer().notNull().default(0),
    /** Who may sign the current step (role keys / named staff of its groups), so "waiting for me" is one SQL filter. */
    currentStepRoleKeys: text().array().notNull().default(sql`'{}'::text[]`),
    currentStepStaffIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** Amount at stake (minor units) and currency, for permission conditions and filters; 0 when none. */
    amountMinor: bigint({ mode: 'bigint' }).notNull().default(sql`0`),
    currency: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    closedAt: ts(),
    executedAt: ts(),
    error: text(),
    result: jsonb().$type<Record<string, unknown>>(),
    executionAttempts: integer().notNull().default(0),
    /**
     * Chosen by the requester's form when it is shown (unique per requester), so a request
     * delivered twice opens one approval request (docs/ha.md). Null for server-side callers.
     */
    submissionId: uuid(),
  },
  (t) => [
    // Target of the decisions' composite foreign key (request id + requester).
    unique('approval_requests_id_requester_uq').on(t.id, t.requesterId),
    index('approval_requests_status_expiry_idx').on(t.status, t.expiresAt),
    index('approval_requests_requester_idx').on(t.requesterId, t.createdAt),
    index('approval_requests_created_idx').on(t.createdAt, t.id),
    uniqueIndex('approval_requests_requester_submission_uq').on(t.requesterId, t.submissionId),
    check('approval_requests_version_ck', sql`${t.version} >= 1 AND ${t.currentStep} >= 0`),
    check('approval_requests_amount_ck', sql`${t.amountMinor} >= 0`),
    check('approval_requests_status_ck', sql`${t.status} IN ('pending', 'approved', 'executed', 'rejected', 'expired', 'cancelled', 'failed')`),
  ],
);

export const approvalDecisions = pgTable(
  'approval_decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid().notNull(),
    requestVersion: integer().notNull(),
    step: integer().notNull(),
    staffId: uuid().notNull().references(() => staff.id),
    /** Copy of the request's requester (composite FK) so the database can refuse self-approval. */
    requesterId: uuid().notNull(),
    /** True when the policy lets a person sign only one step: then one decision per person per version. */
    exclusive: boolean().notNull().default(true),
    decision: text({ enum: APPROVAL_DECISIONS }).notNull(),
    comment: text().notNull().default(''),
    /** Groups of the step the signer belonged to when deciding (indexes into the step's groups). */
    groupIndexes: jsonb().$type<number[]>().notNull().default([]),
    payloadHash: text().notNull(),
    credentialId: text().notNull(),
    passkeyId: uuid(),
    /** base64url COSE public key at signing time, so the proof survives the passkey's removal. */
    publicKey: text().notNull(),
    authenticatorData: text().notNull(),
    clientDataJson: text().notNull(),
    signature: text().notNull(),
    challenge: text().notNull(),
    nonce: text().notNull(),
    signatureVerified: boolean().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.requestId, t.requesterId], foreignColumns: [approvalRequests.id, approvalRequests.requesterId], name: 'approval_decisions_request_fk' }).onDelete('cascade'),
    check('approval_decisions_not_requester_ck', sql`${t.staffId} <> ${t.requesterId}`),
    check('approval_decisions_decision_ck', sql`${t.decision} IN ('approve', 'reject')`),
    unique('approval_decisions_person_step_uq').on(t.requestId, t.requestVersion, t.step, t.staffId),
    uniqueIndex('approval_decisions_person_once_uq').on(t.requestId, t.requestVersion, t.staffId).where(sql`${t.exclusive}`),
    index('approval_decisions_request_idx').on(t.requestId, t.createdAt),
    index('approval_decisions_staff_idx').on(t.staffId, t.createdAt),
  ],
);

/**
 * Passkey recovery (`staff.passkey-recovery`, executed after approval): one ticket per approved
 * request. The link's token is stored only as a hash, set when the requester issues the link.
 */
export const staffRecoveryTickets = pgTable(
  'staff_recovery_tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    staffId: uuid().notNull().references(() => staff.id, { onDelete: 'cascade' }),
    requestId: uuid().notNull().unique().references(() => approvalRequests.id),
    tokenHash: text().unique(),
    createdAt: ts().notNull().defaultNow(),
    issuedAt: ts(),
    expiresAt: ts(),
    usedAt: ts(),
    passkeyId: uuid(),
  },
  (t) => [index('staff_recovery_tickets_staff_idx').on(t.staffId)],
);
