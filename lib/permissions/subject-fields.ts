/**
 * The fields of each subject: what a rule's `fields` list may name and, for those marked
 * `filterable`, what its conditions may compare. Anything not listed here is refused at
 * validation, so a role can never filter on (or leak through) a column nobody reviewed.
 * Encrypted personal data is never filterable: conditions on it would need the plaintext.
 */
import type { TActorPlaceholder } from './placeholders';
import type { TConcreteSubject } from './vocabulary';

export type TFieldType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'enum';

export type TFieldSpec = {
  readonly type: TFieldType;
  readonly description: string;
  /** May appear in conditions (and is then translated to SQL on list queries). */
  readonly filterable?: true;
  /** The allowed values of an `enum` field. */
  readonly values?: readonly string[];
  /** Shape a `string` value must have (codes, keys); anything else cannot match real data. */
  readonly pattern?: RegExp;
  /** The actor placeholder that may stand in for a value of this field. */
  readonly placeholder?: TActorPlaceholder;
};

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
const DOTTED_KEY = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

export const SUBJECT_FIELDS = {
  Transaction: {
    id: { type: 'uuid', filterable: true, description: 'Transaction id' },
    reference: { type: 'string', description: 'Reference given by the payment core' },
    amountMinor: { type: 'number', filterable: true, description: 'Amount in minor units of the currency (e.g. cents)' },
    currency: { type: 'string', filterable: true, pattern: CURRENCY, description: 'ISO 4217 currency code' },
    status: { type: 'enum', filterable: true, values: ['pending', 'frozen', 'in_review', 'released', 'declined', 'escalated'], description: 'Where the transaction is in the review flow' },
    riskLevel: { type: 'enum', filterable: true, values: ['low', 'medium', 'high', 'critical'], description: 'Risk band assigned by the risk engine' },
    riskScore: { type: 'number', filterable: true, description: 'Risk engine score, 0 to 100' },
    assigneeId: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member the review is assigned to' },
    merchantName: { type: 'string', description: 'Merchant display name' },
    merchantCountry: { type: 'string', filterable: true, pattern: COUNTRY, description: 'ISO 3166-1 alpha-2 country of the merchant' },
    merchantCategoryCode: { type: 'string', filterable: true, pattern: /^\d{4}$/, description: 'ISO 18245 merchant category code (MCC)' },
    region: { type: 'string', filterable: true, placeholder: '${actor.region}', description: 'Operating region that owns the transaction' },
    cardLast4: { type: 'string', description: 'Last four digits of the card (never the full PAN)' },
    customerId: { type: 'uuid', description: 'Customer who paid' },
    createdAt: { type: 'date', filterable: true, description: 'When the payment core submitted it' },
  },
  CustomerPII: {
    customerId: { type: 'uuid', filterable: true, description: 'Customer the data belongs to' },
    region: { type: 'string', filterable: true, placeholder: '${actor.region}', description: 'Region whose data-protection rules apply' },
    name: { type: 'string', description: 'Full name (encrypted)' },
    email: { type: 'string', description: 'Email address (encrypted)' },
    phone: { type: 'string', description: 'Phone number (encrypted)' },
    address: { type: 'string', description: 'Postal address (encrypted)' },
    dateOfBirth: { type: 'string', description: 'Date of birth (encrypted)' },
  },
  ApprovalRequest: {
    id: { type: 'uuid', filterable: true, description: 'Approval request id' },
    actionType: { type: 'string', filterable: true, pattern: DOTTED_KEY, description: 'The key action awaiting approval, e.g. risk-rules.update' },
    requesterId: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member who opened the request' },
    status: { type: 'enum', filterable: true, values: ['pending', 'approved', 'rejected', 'expired', 'cancelled', 'executed', 'failed'], description: 'Decision state' },
    amountMinor: { type: 'number', filterable: true, description: 'Amount at stake in minor units (0 when none)' },
    currency: { type: 'string', filterable: true, pattern: CURRENCY, description: 'ISO 4217 currency of the amount' },
    stepRoleKey: { type: 'string', filterable: true, placeholder: '${actor.roleKeys}', description: 'Role whose holders sign the current step' },
    summary: { type: 'string', description: 'What will happen when approved' },
    createdAt: { type: 'date', filterable: true, description: 'When it was requested' },
    expiresAt: { type: 'date', filterable: true, description: 'When it lapses unless decided' },
  },
  ApprovalPolicy: {
    id: { type: 'uuid', filterable: true, description: 'Policy id' },
    actionType: { type: 'string', filterable: true, pattern: DOTTED_KEY, description: 'The key action it governs' },
    name: { type: 'string', description: 'Display name' },
    tiers: { type: 'string', description: 'Amount tiers, steps and quorums' },
    updatedAt: { type: 'date', filterable: true, description: 'Last change' },
  },
  AuditEvent: {
    id: { type: 'uuid', filterable: true, description: 'Event id' },
    seq: { type: 'number', filterable: true, description: 'Position in its hash chain' },
    occurredAt: { type: 'date', filterable: true, description: 'When it happened (UTC)' },
    actorType: { type: 'enum', filterable: true, values: ['staff', 'service', 'system'], description: 'Kind of actor' },
    actorId: { type: 'string', filterable: true, placeholder: '${actor.id}', description: 'Staff member or service that acted' },
    action: { type: 'string', filterable: true, pattern: DOTTED_KEY, description: 'Event type, e.g. auth.sign_in.succeeded' },
    targetType: { type: 'string', filterable: true, description: 'Kind of thing acted on' },
    targetId: { type: 'string', filterable: true, description: 'Id of the thing acted on' },
    result: { type: 'enum', filterable: true, values: ['success', 'denied', 'failure'], description: 'Outcome' },
    reason: { type: 'string', description: 'Reason given by the actor' },
    ip: { type: 'string', description: 'Client IP address' },
    data: { type: 'string', description: 'Event-specific details (redacted)' },
  },
  Role: {
    id: { type: 'uuid', filterable: true, description: 'Role id' },
    key: { type: 'string', filterable: true, pattern: DOTTED_KEY, placeholder: '${actor.roleKeys}', description: 'Stable role key' },
    name: { type: 'string', description: 'Display name' },
    description: { type: 'string', description: 'What the role is for' },
    builtIn: { type: 'boolean', filterable: true, description: 'Seeded with the product' },
    rules: { type: 'string', description: 'The permission rules' },
  },
  Staff: {
    id: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member id' },
    name: { type: 'string', description: 'Full name' },
    email: { type: 'string', description: 'Work email address' },
    status: { type: 'enum', filterable: true, values: ['active', 'disabled'], description: 'Whether they can sign in' },
    region: { type: 'string', filterable: true, placeholder: '${actor.region}', description: 'Operating region they work in' },
    createdAt: { type: 'date', filterable: true, description: 'When the account was created' },
  },
  Invite: {
    id: { type: 'uuid', filterable: true, description: 'Invite id' },
    email: { type: 'string', description: 'Invited email address' },
    invitedById: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member who sent it' },
    status: { type: 'enum', filterable: true, values: ['pending', 'accepted', 'revoked', 'expired'], description: 'Whether it can still be used' },
    expiresAt: { type: 'date', filterable: true, description: 'When the link stops working' },
  },
  RiskRuleSet: {
    id: { type: 'uuid', filterable: true, description: 'Rule set id' },
    version: { type: 'number', filterable: true, description: 'Monotonic version number' },
    status: { type: 'enum', filterable: true, values: ['draft', 'active', 'superseded'], description: 'Lifecycle state: draft (editable), active (in force), superseded' },
    updatedById: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member who last changed it' },
    rules: { type: 'string', description: 'Thresholds and rules' },
  },
  ServiceToken: {
    id: { type: 'uuid', filterable: true, description: 'Token id' },
    name: { type: 'string', description: 'Display name' },
    createdById: { type: 'uuid', filterable: true, placeholder: '${actor.id}', description: 'Staff member who created it' },
    status: { type: 'enum', filterable: true, values: ['active', 'revoked'], description: 'Whether it is accepted' },
    expiresAt: { type: 'date', filterable: true, description: 'When it stops being accepted' },
    lastUsedAt: { type: 'date', description: 'Last successful use' },
  },
  Settings: {
    key: { type: 'string', filterable: true, pattern: DOTTED_KEY, description: 'Setting key, e.g. security.session_idle_seconds' },
    value: { type: 'string', description: 'Setting value' },
    updatedAt: { type: 'date', filterable: true, description: 'Last change' },
  },
  CspReport: {
    id: { type: 'uuid', filterable: true, description: 'Report id' },
    documentUri: { type: 'string', description: 'Page that reported the violation' },
    effectiveDirective: { type: 'string', filterable: true, description: 'CSP directive that was violated' },
    blockedUri: { type: 'string', description: 'What was blocked' },
    disposition: { type: 'enum', filterable: true, values: ['enforce', 'report'], description: 'Enforced or report-only policy' },
    count: { type: 'number', filterable: true, description: 'How many times it was reported' },
    lastSeenAt: { type: 'date', filterable: true, description: 'Most recent report' },
  },
} as const satisfies Record<TConcreteSubject, Record<string, TFieldSpec>>;

type TFieldsTable = typeof SUBJECT_FIELDS;

/** Every field a rule's `fields` list may name for subject S. */
export type TSubjectField<S extends TConcreteSubject> = Extract<keyof TFieldsTable[S], string>;

/** The fields of subject S that conditions may use. */
export type TConditionField<S extends TConcreteSubject> = {
  [K in TSubjectField<S>]: TFieldsTable[S][K] extends { readonly filterable: true } ? K : never;
}[TSubjectField<S>];

/** The spec of a field, or undefined when the subject has no such field (own keys only). */
export function fieldSpecOf(subject: TConcreteSubject, field: string): TFieldSpec | undefined {
  const table: Record<string, TFieldSpec> = SUBJECT_FIELDS[subject];
  return Object.hasOwn(table, field) ? table[field] : undefined;
}

export function fieldNamesOf(subject: TConcreteSubject): string[] {
  return Object.keys(SUBJECT_FIELDS[subject]);
}
