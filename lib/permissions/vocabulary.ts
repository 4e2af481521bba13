/**
 * The one permission vocabulary: every subject and action the product knows, with a line
 * saying what it means. Code, the role editor and docs read this table; unknown names are refused.
 */
export const SUBJECTS = {
  Transaction: 'A payment scored by the risk engine, possibly frozen for review',
  CustomerPII: 'Encrypted personal data of a customer (name, email, phone, address, date of birth)',
  ApprovalRequest: 'A key action waiting for multi-signer approval',
  ApprovalPolicy: 'The tiers, steps and quorums that govern an action type',
  AuditEvent: 'An entry in the tamper-evident audit log',
  Role: 'A named set of permission rules',
  Staff: 'A staff member who can sign in to the console',
  Invite: 'A one-time enrolment link for a new staff member',
  RiskRuleSet: 'The risk engine thresholds and rules',
  ServiceToken: 'A bearer token used by the payment core to call the API',
  Settings: 'Console-wide settings (security, retention, operations)',
  CspReport: 'A Content-Security-Policy violation reported by a browser',
  all: 'Every subject',
} as const;

export const ACTIONS = {
  read: 'See the item and its permitted fields',
  create: 'Create a new item',
  update: 'Change an existing item',
  delete: 'Remove an item',
  manage: 'Any action (use with care)',
  review: 'Open a frozen transaction for review',
  assign: 'Assign an item to a reviewer',
  release: 'Release a frozen transaction',
  decline: 'Decline a frozen transaction',
  escalate: 'Escalate a frozen transaction',
  request: 'Open an approval request',
  approve: 'Approve or reject an approval request',
  reveal: 'Reveal masked personal data, with a reason',
  export: 'Export items in bulk',
  verify: 'Run an integrity verification',
} as const;

export type TSubject = keyof typeof SUBJECTS;
export type TAction = keyof typeof ACTIONS;

/** Subjects that name real things (everything except the `all` wildcard); only these have fields. */
export type TConcreteSubject = Exclude<TSubject, 'all'>;

export const SUBJECT_NAMES = Object.keys(SUBJECTS) as TSubject[];
export const ACTION_NAMES = Object.keys(ACTIONS) as TAction[];
export const CONCRETE_SUBJECT_NAMES = SUBJECT_NAMES.filter((s): s is TConcreteSubject => s !== 'all');

export function isSubject(value: unknown): value is TSubject {
  return typeof value === 'string' && Object.hasOwn(SUBJECTS, value);
}

export function isAction(value: unknown): value is TAction {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}
