/**
 * The authorisation matrix, written by hand from the product rules (issue 3, ASVS V8) and
 * deliberately NOT derived from the CASL rules it checks: if a role's rules drift, this table
 * and the app disagree and a cell fails.
 *
 * Cells: 'allow' = succeeds; 401/403/404 = refused with that status, nothing changed, and (403,
 * 404) exactly one authz.denied event; 'guardrail' = a business rule refuses it with 409 although
 * the caller is authorised (no authz.denied, nothing changed); 'n/a' = no such target for the
 * caller (anonymous callers own nothing).
 */
import type { ACTION_DRIVERS } from './action-drivers';
import type { ADMIN_ACTION_DRIVERS } from './admin-action-drivers';
import type { APPROVAL_DRIVERS } from './approval-drivers';
import type { NOTIFICATION_DRIVERS } from './notification-drivers';
import type { TPrincipalKind } from './principals';
import type { RECOVERY_DRIVERS } from './recovery-drivers';
import type { REVIEW_DRIVERS } from './review-drivers';
import type { RISK_DRIVERS } from './risk-drivers';
import type { AUDIT_ROUTE_DRIVERS } from './audit-route-drivers';
import type { ROUTE_DRIVERS } from './route-drivers';
import type { SERVICE_TOKEN_DRIVERS } from './service-token-drivers';

export type TCell = 'allow' | 401 | 403 | 404 | 'guardrail' | 'n/a';
/** Own record, someone else's record, an id that does not exist. */
export type TTargetCells = readonly [own: TCell, other: TCell, none: TCell];
export type TDriverKey = keyof typeof ACTION_DRIVERS | keyof typeof ADMIN_ACTION_DRIVERS | keyof typeof NOTIFICATION_DRIVERS | keyof typeof APPROVAL_DRIVERS | keyof typeof SERVICE_TOKEN_DRIVERS | keyof typeof REVIEW_DRIVERS | keyof typeof AUDIT_ROUTE_DRIVERS | keyof typeof RISK_DRIVERS | keyof typeof ROUTE_DRIVERS | keyof typeof RECOVERY_DRIVERS;

export type TMatrixRow = {
  /** As the inventory names it: a server action's export name, or "METHOD /path". */
  endpoint: string;
  /** How the matrix calls it (the endpoint, plus the variant where one handler serves several flows). */
  driver: TDriverKey;
  /** What an allowed call answers: `{ ok: true }` for a server action, else the HTTP status. */
  success: 'ok' | 200;
  cells: Record<TPrincipalKind, TTargetCells> | Record<TPrincipalKind, TCell>;
};

const unauthenticated3 = [401, 401, 401] as const;

/** Self-service on one's own passkeys and sessions: every signed-in person, only their own records. */
const selfServiceOnOwnRecords = {
  anonymous: ['n/a', 401, 401],
  administrator: ['allow', 404, 404],
  'compliance-officer': ['allow', 404, 404],
  'ops-approver': ['allow', 404, 404],
  'risk-analyst': ['allow', 404, 404],
  auditor: ['allow', 404, 404],
  disabled: unauthenticated3,
  expired: unauthenticated3,
} as const satisfies Record<TPrincipalKind, TTargetCells>;

/** Self-service without a target: every signed-in person. */
const anySignedInPerson = {
  anonymous: 401,
  administrator: 'allow',
  'compliance-officer': 'allow',
  'ops-approver': 'allow',
  'risk-analyst': 'allow',
  auditor: 'allow',
  disabled: 401,
  expired: 401,
} as const satisfies Record<TPrincipalKind, TCell>;

/** Administration without a target: administrators only. */
const administratorsOnly = {
  anonymous: 401,
  administrator: 'allow',
  'compliance-officer': 403,
  'ops-approver': 403,
  'risk-analyst': 403,
  auditor: 403,
  disabled: 401,
  expired: 401,
} as const satisfies Record<TPrincipalKind, TCell>;

/** Administration of a record: the administrator's own/other/none cells as given; every other role refused (403) whatever the target. */
function administratorsOnOwnAndOthers(administrator: TTargetCells): Record<TPrincipalKind, TTargetCells> {
  return {
    anonymous: ['n/a', 401, 401],
    administrator,
    'compliance-officer': [403, 403, 403],
    'ops-approver': [403, 403, 403],
    'risk-analyst': [403, 403, 403],
    auditor: [403, 403, 403],
    disabled: unauthenticated3,
    expired: unauthenticated3,
  };
}

/**
 * Acting on an approval request as its requester: own = the cell given per role (administrator, compliance officer,
 * ops approver, risk analyst, auditor); someone else's = 403 where a read rule shows it, else 404; missing = 404.
 */
function requesterOnly(own: readonly [TCell, TCell, TCell, TCell, TCell]): Record<TPrincipalKind, TTargetCells> {
  return {
    anonymous: ['n/a', 401, 401],
    administrator: [own[0], 403, 404],
    'compliance-officer': [own[1], 403, 404],
    'ops-approver': [own[2], 403, 404],
    'risk-analyst': [own[3], 404, 404],
    auditor: [own[4], 404, 404],
    disabled: unauthenticated3,
    expired: unauthenticated3,
  };
}

/**
 * Deciding a step that names the caller: allowed for those who may approve requests at all (approve ApprovalRequest);
 * being named in a group does not give a risk analyst or an auditor that power (403). A missing request is 404.
 */
const namedApprover = {
  anonymous: ['n/a', 'n/a', 401],
  administrator: ['allow', 'n/a', 404],
  'compliance-officer': ['allow', 'n/a', 404],
  'ops-approver': ['allow', 'n/a', 404],
  'risk-analyst': [403, 'n/a', 404],
  auditor: [403, 'n/a', 404],
  disabled: [401, 'n/a', 401],
  expired: [401, 'n/a', 401],
} as const satisfies Record<TPrincipalKind, TTargetCells>;

/**
 * Review queue on one transaction: the compliance officer's own/other/none cells as given; readers (ops approver,
 * risk analyst, auditor) see transactions but may not act on them (403; an unknown id 404); administrators take no
 * transaction decisions and cannot see transactions at all (404).
 */
function reviewCells(complianceOfficer: TTargetCells): Record<TPrincipalKind, TTargetCells> {
  return {
    anonymous: ['n/a', 401, 401],
    administrator: [404, 404, 404],
    'compliance-officer': complianceOfficer,
    'ops-approver': [403, 403, 404],
    'risk-analyst': [403, 403, 404],
    auditor: [403, 403, 404],
    disabled: unauthenticated3,
    expired: unauthenticated3,
  };
}

/** Review work without a target (next unassigned, bulk actions): compliance officers only. */
const complianceOfficersOnly = {
  anonymous: 401,
  administrator: 403,
  'compliance-officer': 'allow',
  'ops-approver': 403,
  'risk-analyst': 403,
  auditor: 403,
  disabled: 401,
  expired: 401,
} as const satisfies Record<TPrincipalKind, TCell>;

/** The audit console's tools, each needing its own AuditEvent permission (read: every role that reads the log). */
function auditPermission(administrator: TCell, complianceOfficer: TCell, auditor: TCell): Record<TPrincipalKind, TCell> {
  return { anonymous: 401, administrator, 'compliance-officer': complianceOfficer, 'ops-approver': 403, 'risk-analyst': 403, auditor, disabled: 401, expired: 401 };
}

/** Risk-rule management without a target: risk analysts only. */
const riskAnalystsOnly = { ...administratorsOnly, administrator: 403, 'risk-analyst': 'allow' } as const satisfies Record<TPrincipalKind, TCell>;

/** Risk-rule drafts: risk analysts act on any draft; everyone else is refused (403) whatever the target. */
const riskAnalystsOnRecords = { ...administratorsOnOwnAndOthers([403, 403, 403]), 'risk-analyst': ['allow', 'allow', 404] } as const satisfies Record<TPrincipalKind, TTargetCells>;

export const MATRIX: readonly TMatrixRow[] = [
  // Settings → Security (app/(console)/settings/security/actions.ts)
  { endpoint: 'renamePasskeyAction', driver: 'renamePasskeyAction', success: 'ok', cells: selfServiceOnOwnRecords },
  { endpoint: 'removePasskeyAction', driver: 'removePasskeyAction', success: 'ok', cells: selfServiceOnOwnRecords },
  { endpoint: 'signOutSessionAction', driver: 'signOutSessionAction', success: 'ok', cells: selfServiceOnOwnRecords },
  { endpoint: 'signOutEverywhereElseAction', driver: 'signOutEverywhereElseAction', success: 'ok', cells: anySignedInPerson },

  // Staff (app/(console)/staff/actions.ts): administrators manage invites, staff and role assignment; nobody else may.
  { endpoint: 'createInviteAction', driver: 'createInviteAction', success: 'ok', cells: administratorsOnly },
  {
    endpoint: 'revokeInviteAction',
    driver: 'revokeInviteAction',
    success: 'ok',
    // "Own" invite: one the caller created (for non-administrators: while they still could).
    // An administrator may revoke any pending invite, their own or a colleague's.
    cells: administratorsOnOwnAndOthers(['allow', 'allow', 404]),
  },
  {
    endpoint: 'setStaffStatusAction',
    driver: 'setStaffStatusAction',
    success: 'ok',
    // Own = disabling oneself: refused by a guardrail (409), not by authorisation.
    cells: administratorsOnOwnAndOthers(['guardrail', 'allow', 404]),
  },
  {
    endpoint: 'assignStaffRolesAction',
    driver: 'assignStaffRolesAction',
    success: 'ok',
    // Every caller asks for the Administrator role. Own = changing one's own roles: a guardrail (409).
    cells: administratorsOnOwnAndOthers(['guardrail', 'allow', 404]),
  },
  // Passkey recovery (app/(console)/staff/[id]/actions.ts): administrators open the request (never for themselves: 409)
  // and issue the link of an executed one; others cannot tell such a recovery exists (404).
  { endpoint: 'requestPasskeyRecoveryAction', driver: 'requestPasskeyRecoveryAction', success: 'ok', cells: administratorsOnOwnAndOthers(['guardrail', 'allow', 404]) },
  { endpoint: 'issueRecoveryLinkAction', driver: 'issueRecoveryLinkAction', success: 'ok', cells: { ...administratorsOnly, 'compliance-officer': 404, 'ops-approver': 404, 'risk-analyst': 404, auditor: 404 } },
  {
    endpoint: 'simulateAccessAction',
    driver: 'simulateAccessAction',
    success: 'ok',
    // Needs read Role and read Staff: administrators only among the built-in roles.
    cells: administratorsOnOwnAndOthers(['allow', 'allow', 404]),
  },

  // Roles (app/(console)/roles/actions.ts): administrators manage roles; nobody else may.
  { endpoint: 'createRoleAction', driver: 'createRoleAction', success: 'ok', cells: administratorsOnly },
  {
    endpoint: 'updateRoleAction',
    driver: 'updateRoleAction',
    success: 'ok',
    // Own role = one the caller holds (for the administrator: Administrator, saved with its powers intact).
    cells: administratorsOnOwnAndOthers(['allow', 'allow', 404]),
  },
  {
    endpoint: 'deleteRoleAction',
    driver: 'deleteRoleAction',
    success: 'ok',
    // Own role = Administrator for the administrator: built-in and held, so a guardrail refuses (409).
    cells: administratorsOnOwnAndOthers(['guardrail', 'allow', 404]),
  },

  // Notification centre (app/(console)/notifications/actions.ts): everyone marks their own notifications, never another person's.
  { endpoint: 'markNotificationReadAction', driver: 'markNotificationReadAction', success: 'ok', cells: selfServiceOnOwnRecords },
  { endpoint: 'markAllNotificationsReadAction', driver: 'markAllNotificationsReadAction', success: 'ok', cells: anySignedInPerson },
  // Webhook deliveries (app/(console)/settings/deliveries/actions.ts): "retry now" is for administrators (update Settings).
  // Own = a dead delivery, other = a failed one (deliveries have no owner).
  { endpoint: 'retryDeliveryAction', driver: 'retryDeliveryAction', success: 'ok', cells: administratorsOnOwnAndOthers(['allow', 'allow', 404]) },

  // Approvals (app/(console)/approvals/actions.ts, app/api/approvals/**). Targets: "own" = a request the caller made,
  // "other" = the bystander administrator's. Anyone with a read rule (administrator, compliance officer, ops approver)
  // sees someone else's request, so acting on it as requester is a 403; without one (risk analyst, auditor) it is hidden (404).
  { endpoint: 'cancelApprovalRequestAction', driver: 'cancelApprovalRequestAction', success: 'ok', cells: requesterOnly(['allow', 'allow', 'allow', 'allow', 'allow']) },
  {
    endpoint: 'updateApprovalPayloadAction',
    driver: 'updateApprovalPayloadAction',
    success: 'ok',
    // Editing a policy-change request also needs the type's own permission (update ApprovalPolicy): administrators only.
    cells: requesterOnly(['allow', 403, 403, 403, 403]),
  },
  {
    endpoint: 'retryApprovalRequestAction',
    driver: 'retryApprovalRequestAction',
    success: 'ok',
    // A failed request: its requester, or anyone who may approve it (approve ApprovalRequest), may retry, while the
    // requester may still ask for the action (lib/approvals/retry-guards.ts). The fixture's request is a policy change
    // (update ApprovalPolicy: administrators), so where another principal is its requester a guardrail refuses (409).
    cells: {
      ...requesterOnly(['allow', 'guardrail', 'guardrail', 'guardrail', 'guardrail']),
      administrator: ['allow', 'allow', 404],
      'compliance-officer': ['guardrail', 'allow', 404],
      'ops-approver': ['guardrail', 'allow', 404],
    },
  },
  { endpoint: 'previewApproversAction', driver: 'previewApproversAction', success: 'ok', cells: administratorsOnly },
  { endpoint: 'saveApprovalPolicyAction', driver: 'saveApprovalPolicyAction', success: 'ok', cells: administratorsOnly },
  // Signing: "own" = a colleague's request whose open step names the caller; there is no "other" variant.
  { endpoint: 'POST /api/approvals/[id]/signature-options', driver: 'POST /api/approvals/[id]/signature-options', success: 200, cells: namedApprover },
  { endpoint: 'POST /api/approvals/[id]/decision', driver: 'POST /api/approvals/[id]/decision', success: 200, cells: namedApprover },
  {
    endpoint: 'GET /api/approvals/[id]/proof',
    driver: 'GET /api/approvals/[id]/proof',
    success: 200,
    cells: { ...requesterOnly(['allow', 'allow', 'allow', 'allow', 'allow']), administrator: ['allow', 'allow', 404], 'compliance-officer': ['allow', 'allow', 404], 'ops-approver': ['allow', 'allow', 404] },
  },

  // API access (app/(console)/settings/api/actions.ts): service tokens are administrators' business (ServiceToken rules).
  // Revoke: own = a token the caller requested, other = the bystander's. Pickup: own = the caller's waiting pickup,
  // other = the bystander's (hidden: 404), so a token is only ever shown to the person who asked for it.
  { endpoint: 'requestServiceTokenAction', driver: 'requestServiceTokenAction', success: 'ok', cells: administratorsOnly },
  { endpoint: 'revokeServiceTokenAction', driver: 'revokeServiceTokenAction', success: 'ok', cells: administratorsOnOwnAndOthers(['allow', 'allow', 404]) },
  { endpoint: 'pickUpServiceTokenAction', driver: 'pickUpServiceTokenAction', success: 'ok', cells: administratorsOnOwnAndOthers(['allow', 404, 404]) },

  // Review queue (app/(console)/transactions/actions.ts). Targets: "own" = an unassigned frozen transaction
  // (releaseClaimAction: one the caller holds), "other" = one the bystander holds. Claiming or deciding an item someone
  // else holds is a guardrail (409); assigning, noting, revealing and releasing someone else's claim are allowed.
  { endpoint: 'claimTransactionAction', driver: 'claimTransactionAction', success: 'ok', cells: reviewCells(['allow', 'guardrail', 404]) },
  { endpoint: 'releaseClaimAction', driver: 'releaseClaimAction', success: 'ok', cells: reviewCells(['allow', 'allow', 404]) },
  { endpoint: 'assignTransactionAction', driver: 'assignTransactionAction', success: 'ok', cells: reviewCells(['allow', 'allow', 404]) },
  { endpoint: 'decideTransactionAction', driver: 'decideTransactionAction', success: 'ok', cells: reviewCells(['allow', 'guardrail', 404]) },
  { endpoint: 'addTransactionNoteAction', driver: 'addTransactionNoteAction', success: 'ok', cells: reviewCells(['allow', 'allow', 404]) },
  { endpoint: 'revealCustomerPiiAction', driver: 'revealCustomerPiiAction', success: 'ok', cells: reviewCells(['allow', 'allow', 404]) },
  { endpoint: 'claimNextUnassignedAction', driver: 'claimNextUnassignedAction', success: 'ok', cells: complianceOfficersOnly },
  { endpoint: 'bulkAssignTransactionsAction', driver: 'bulkAssignTransactionsAction', success: 'ok', cells: complianceOfficersOnly },
  { endpoint: 'bulkDeclineTransactionsAction', driver: 'bulkDeclineTransactionsAction', success: 'ok', cells: complianceOfficersOnly },

  // Risk rules (app/(console)/risk/actions.ts): risk analysts draft, edit, backtest and submit; everyone else is refused
  // (compliance officers only read drafts to approve them). Drafts have no owner: "own" = the caller's, "other" = the bystander's.
  { endpoint: 'createRiskDraftAction', driver: 'createRiskDraftAction', success: 'ok', cells: riskAnalystsOnly },
  { endpoint: 'saveRiskDraftAction', driver: 'saveRiskDraftAction', success: 'ok', cells: riskAnalystsOnRecords },
  { endpoint: 'backtestRiskDraftAction', driver: 'backtestRiskDraftAction', success: 'ok', cells: riskAnalystsOnRecords },
  { endpoint: 'submitRiskDraftAction', driver: 'submitRiskDraftAction', success: 'ok', cells: riskAnalystsOnRecords },

  // Session-bound route handlers.
  { endpoint: 'GET /api/me', driver: 'GET /api/me', success: 200, cells: anySignedInPerson },
  // Audit console (app/api/audit/*): verify AuditEvent (administrator, auditor), export AuditEvent (auditor only:
  // administrators may not export on their own), read AuditEvent for the live poll.
  { endpoint: 'POST /api/audit/verify', driver: 'POST /api/audit/verify', success: 200, cells: auditPermission('allow', 403, 'allow') },
  { endpoint: 'GET /api/audit/export', driver: 'GET /api/audit/export', success: 200, cells: auditPermission(403, 403, 'allow') },
  { endpoint: 'GET /api/audit/latest', driver: 'GET /api/audit/latest', success: 200, cells: auditPermission('allow', 'allow', 'allow') },
  { endpoint: 'POST /api/passkeys/step-up/options', driver: 'POST /api/passkeys/step-up/options', success: 200, cells: anySignedInPerson },
  { endpoint: 'POST /api/passkeys/step-up/verify', driver: 'POST /api/passkeys/step-up/verify', success: 200, cells: anySignedInPerson },
  { endpoint: 'POST /api/passkeys/register/options', driver: 'POST /api/passkeys/register/options (flow add)', success: 200, cells: anySignedInPerson },
  { endpoint: 'POST /api/passkeys/register/verify', driver: 'POST /api/passkeys/register/verify (flow add)', success: 200, cells: anySignedInPerson },
];

/** Endpoints that answer without a session by design, each with the reason. */
export const PUBLIC_ENDPOINTS: Readonly<Record<string, string>> = {
  'GET /api/health': 'liveness probe for the load balancer; reads no data at all',
  'GET /api/ready': 'readiness probe; says only whether the database answers and migrations are current',
  'POST /api/csp-report': 'browsers send CSP violation reports without credentials; rate-limited per IP, size-capped, aggregated',
  'GET /api/audit/public-key': 'outside verifiers need the audit checkpoint public key; it is public by nature',
  'GET /api/auth/[...nextauth]': 'next-auth CSRF token and session probe must answer before anyone is signed in',
  'POST /api/auth/[...nextauth]': 'next-auth passkey sign-in and sign-out; the passkey assertion or enrolment ticket is the credential',
  'POST /api/passkeys/authenticate/options': 'sign-in options are fetched before sign-in; throttled per IP, challenge bound to the browser',
  'POST /api/passkeys/register/options': "flows 'setup', 'invite' and 'recovery': the one-time setup, invite or recovery token is the credential (flow 'add' is in the matrix)",
  'POST /api/passkeys/register/verify': "flows 'setup', 'invite' and 'recovery': the one-time token plus the bound challenge is the credential (flow 'add' is in the matrix)",
  'GET /api/v1/openapi.json': 'the OpenAPI description of the ingest API: public by nature, holds no data',
  'POST /api/v1/transactions': 'the payment core calls it without a staff session: the hashed, scoped, expiring, revocable service token (plus optional HMAC signature) is the credential; refusals in lib/transactions/ingest-auth.test.ts',
};
