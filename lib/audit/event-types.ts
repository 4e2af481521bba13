/**
 * The vocabulary of audit events: one entry per action with a human label (shown by the log
 * browser) and a strict zod schema for its `data`. Strict objects keep free-form payloads
 * (and the PII they tend to carry) out of the log; later issues add entries here.
 */
import { z } from 'zod';

const ZId = z.string().min(1).max(100);
/** Short machine words (reasons, scopes, purposes) rather than free text. */
const ZSlug = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_.:-]*$/);
const ZCount = z.number().int().min(0);
const ZHash = z.string().regex(/^[0-9a-f]{64}$/);
const ZIsoTime = z.iso.datetime({ offset: true });

const ZNoData = z.strictObject({});
const ZSessionEnd = z.strictObject({ staffId: ZId });
const ZInviteRef = z.strictObject({ inviteId: ZId.optional() });

export const AUDIT_ACTIONS = {
  'setup.completed': { label: 'Completed first-time setup', data: z.strictObject({ role: ZSlug }) },
  'auth.sign_in.succeeded': {
    label: 'Signed in',
    data: z.strictObject({ passkeyId: ZId, method: z.enum(['passkey', 'enrolment']).default('passkey') }),
  },
  'auth.sign_in.failed': { label: 'Sign-in failed', data: z.strictObject({ reason: ZSlug }) },
  'auth.sign_in.throttled': {
    label: 'Sign-in throttled',
    data: z.strictObject({ scope: z.enum(['ip', 'account']), retryAfterSeconds: ZCount.optional() }),
  },
  'auth.signed_out': { label: 'Signed out', data: z.strictObject({ staffId: ZId.optional() }) },
  'session.idle_expired': { label: 'Session locked after inactivity', data: ZSessionEnd },
  'session.expired': { label: 'Session reached its maximum lifetime', data: ZSessionEnd },
  'session.revoked': {
    label: 'Session revoked',
    data: z.strictObject({
      staffId: ZId,
      /** Why the session ended: revoked, staff-disabled, passkey-removed, everywhere-else, ... */
      scope: ZSlug,
      by: z.enum(['self', 'administrator', 'system']).optional(),
    }),
  },
  'passkey.added': {
    label: 'Passkey added',
    data: z.strictObject({
      staffId: ZId,
      deviceType: z.enum(['singleDevice', 'multiDevice']),
      backedUp: z.boolean(),
    }),
  },
  // The old and new names travel in before/after ({ name }), where the UI shows the change.
  'passkey.renamed': { label: 'Passkey renamed', data: z.strictObject({ staffId: ZId.optional() }) },
  'passkey.removed': { label: 'Passkey removed', data: z.strictObject({ staffId: ZId }) },
  'passkey.suspended': {
    label: 'Passkey suspended (signature counter went backwards)',
    data: z.strictObject({ staffId: ZId, storedCounter: ZCount, receivedCounter: ZCount }),
  },
  'passkey.step_up': {
    label: 'Confirmed with passkey',
    data: z.strictObject({ passkeyId: ZId, purpose: ZSlug.optional() }),
  },
  'action.signed': {
    label: 'Action signed with passkey',
    data: z.strictObject({ purpose: ZSlug, payloadHash: ZHash, passkeyId: ZId.optional() }),
  },
  'invite.created': {
    label: 'Invite created',
    data: z.strictObject({ role: ZSlug, expiresAt: ZIsoTime.optional() }),
  },
  'invite.accepted': { label: 'Invite accepted', data: z.strictObject({ inviteId: ZId.optional(), staffId: ZId }) },
  'invite.revoked': { label: 'Invite revoked', data: ZInviteRef },
  'invite.link_reissued': { label: 'Invite link issued again (form resent; the earlier link no longer works)', data: ZInviteRef },
  'staff.disabled': { label: 'Staff member disabled', data: z.strictObject({ sessionsEnded: ZCount.optional() }) },
  'staff.enabled': { label: 'Staff member enabled', data: ZNoData },
  'role.created': { label: 'Role created', data: z.strictObject({ key: ZSlug, sodAcknowledged: z.boolean().optional() }) },
  'role.updated': { label: 'Role changed', data: z.strictObject({ key: ZSlug, sodAcknowledged: z.boolean().optional() }) },
  'role.deleted': { label: 'Role deleted', data: z.strictObject({ key: ZSlug }) },
  'staff.roles_changed': {
    label: 'Staff roles changed',
    data: z.strictObject({ added: z.array(ZSlug).max(50), removed: z.array(ZSlug).max(50), sodAcknowledged: z.boolean().optional() }),
  },
  'authz.denied': {
    label: 'Access refused',
    data: z.strictObject({ action: ZSlug, subject: z.string().min(1).max(40), targetId: ZId.optional() }),
  },
  'csp.report_received': {
    label: 'CSP violation reported',
    data: z.strictObject({ fingerprint: z.string().min(1).max(128), directive: z.string().min(1).max(64), count: ZCount }),
  },
  'audit.checkpoint_created': {
    label: 'Audit checkpoint signed',
    data: z.strictObject({ chain: ZSlug, seq: ZCount, hash: ZHash, keyId: z.string().regex(/^[0-9a-f]{16}$/) }),
  },
  'audit.viewed': {
    label: 'Audit log viewed',
    data: z.strictObject({ filterHash: ZHash, filter: z.string().max(500) }),
  },
  'audit.verification_failed': {
    label: 'Audit chain verification failed',
    data: z.strictObject({
      chain: ZSlug,
      seq: ZCount,
      kind: z.string().min(1).max(40),
      detail: z.string().max(500),
    }),
  },
  'notification.marked_read': {
    label: 'Notifications marked read',
    data: z.strictObject({ scope: z.enum(['one', 'all']), count: ZCount }),
  },
  'outbox.delivery_dead': {
    label: 'Webhook delivery gave up (dead letter)',
    data: z.strictObject({ outboxId: ZId, attempts: ZCount, lastStatus: z.number().int().min(0).max(999).optional() }),
  },
  'outbox.delivery_retried': {
    label: 'Webhook delivery retried by an administrator',
    data: z.strictObject({ outboxId: ZId, previousStatus: ZSlug }),
  },
  'audit.pruned': {
    label: 'Audit events pruned (retention)',
    data: z.strictObject({
      chain: ZSlug,
      cutSeq: ZCount,
      cutHash: ZHash,
      before: ZIsoTime,
      events: ZCount,
      approvalRequestId: ZId.optional(),
    }),
  },
  'audit.verified': {
    label: 'Audit chain verified',
    data: z.strictObject({ chain: ZSlug, checked: ZCount, ok: z.boolean(), seq: ZCount.optional(), kind: z.string().min(1).max(40).optional() }),
  },
  'approval.requested': {
    label: 'Approval requested',
    data: z.strictObject({ actionType: ZSlug, version: ZCount, policyVersion: ZCount, tier: ZCount, payloadHash: ZHash }),
  },
  'approval.decided': {
    label: 'Approval decision signed',
    data: z.strictObject({ decision: z.enum(['approve', 'reject']), step: ZCount, version: ZCount, signatureVerified: z.boolean(), passkeyId: ZId, payloadHash: ZHash }),
  },
  'approval.decision_refused': {
    label: 'Approval decision refused',
    data: z.strictObject({ reason: ZSlug, step: ZCount.optional(), version: ZCount.optional(), signatureVerified: z.boolean() }),
  },
  'approval.step_completed': { label: 'Approval step completed', data: z.strictObject({ step: ZCount, version: ZCount }) },
  'approval.approved': { label: 'Approval request fully approved', data: z.strictObject({ version: ZCount, approvers: ZCount }) },
  'approval.executed': { label: 'Approved action executed', data: z.strictObject({ actionType: ZSlug, version: ZCount, attempt: ZCount }) },
  'approval.execution_failed': { label: 'Approved action failed', data: z.strictObject({ actionType: ZSlug, version: ZCount, attempt: ZCount }) },
  'approval.rejected': { label: 'Approval request rejected (veto)', data: z.strictObject({ step: ZCount, version: ZCount }) },
  'approval.cancelled': { label: 'Approval request cancelled', data: z.strictObject({ version: ZCount }) },
  'approval.expired': { label: 'Approval request expired', data: z.strictObject({ version: ZCount }) },
  'approval.payload_changed': {
    label: 'Approval request changed (earlier approvals void)',
    data: z.strictObject({ fromVersion: ZCount, toVersion: ZCount, payloadHash: ZHash, voidedDecisions: ZCount }),
  },
  'approval.retried': { label: 'Failed approved action retried', data: z.strictObject({ attempt: ZCount }) },
  'staff.recovery_started': {
    label: 'Passkey recovery: old passkeys and sessions revoked',
    data: z.strictObject({ staffId: ZId, passkeysRemoved: ZCount, sessionsEnded: ZCount }),
  },
  'staff.recovery_link_issued': { label: 'Passkey recovery link issued', data: z.strictObject({ staffId: ZId, expiresAt: ZIsoTime }) },
  'staff.passkey_recovered': { label: 'Passkey recovered (new passkey enrolled)', data: z.strictObject({ staffId: ZId, passkeyId: ZId }) },
  'approval.proof_exported': { label: 'Approval proof bundle exported', data: z.strictObject({ version: ZCount, decisions: ZCount }) },
  'audit.exported': {
    label: 'Audit log exported',
    data: z.strictObject({ format: z.enum(['csv', 'jsonl']), rows: ZCount, filter: z.string().max(500) }),
  },
  'transaction.ingested': {
    label: 'Transaction received and scored',
    data: z.strictObject({
      externalId: z.string().min(1).max(64),
      decision: z.enum(['allow', 'review', 'decline']),
      status: ZSlug,
      score: ZCount,
      level: ZSlug,
      factorCodes: z.array(z.string().min(1).max(64)).max(50),
      ruleSetVersion: z.string().min(1).max(64),
    }),
  },
  // Review queue (lib/review): claims, notes and decisions on frozen transactions.
  'transaction.claimed': { label: 'Transaction claimed for review', data: z.strictObject({ via: z.enum(['claim', 'next']), version: ZCount }) },
  'transaction.assigned': {
    label: 'Transaction assigned to a reviewer',
    data: z.strictObject({ assigneeId: ZId, previousAssigneeId: ZId.nullable(), bulk: z.boolean(), version: ZCount }),
  },
  'transaction.claim_released': { label: 'Review claim released', data: z.strictObject({ previousAssigneeId: ZId, version: ZCount }) },
  'transaction.note_added': { label: 'Note added to a transaction', data: z.strictObject({ noteId: ZId, length: ZCount }) },
  'transaction.released': {
    label: 'Frozen transaction released',
    data: z.strictObject({ reasonCode: ZSlug, noteId: ZId.optional(), approvalRequestId: ZId.optional(), version: ZCount }),
  },
  'transaction.declined': { label: 'Frozen transaction declined', data: z.strictObject({ reasonCode: ZSlug, noteId: ZId.optional(), bulk: z.boolean(), version: ZCount }) },
  'transaction.escalated': { label: 'Frozen transaction escalated', data: z.strictObject({ reasonCode: ZSlug, noteId: ZId.optional(), version: ZCount }) },
  'transaction.release_requested': {
    label: 'Release of a large transaction sent for approval',
    data: z.strictObject({ approvalRequestId: ZId, reasonCode: ZSlug, noteId: ZId.optional(), amountMinor: z.string().regex(/^\d{1,18}$/), currency: z.string().length(3) }),
  },
  'transaction.sla_overdue': { label: 'Review SLA missed (overdue)', data: z.strictObject({ level: ZSlug, dueAt: ZIsoTime, notified: ZCount }) },
  'pii.revealed': {
    label: 'Customer personal data revealed',
    data: z.strictObject({ customerId: ZId, transactionId: ZId.optional(), fields: z.array(z.enum(['name', 'email', 'phone', 'address', 'dateOfBirth'])).min(1).max(5) }),
  },
  'service_token.created': {
    label: 'Service token created',
    data: z.strictObject({ prefix: z.string().min(1).max(20), scopes: z.array(ZSlug).max(10), expiresAt: ZIsoTime, approvalRequestId: ZId.optional() }),
  },
  'service_token.revoked': { label: 'Service token revoked', data: z.strictObject({ prefix: z.string().min(1).max(20) }) },
  'service_token.picked_up': { label: 'Service token secret shown once to its requester', data: z.strictObject({ prefix: z.string().min(1).max(20) }) },
  'backup.created': {
    label: 'Encrypted database backup taken',
    data: z.strictObject({ backupId: ZId, bytes: ZCount, sha256: ZHash, keyId: z.string().min(1).max(64), durationMs: ZCount }),
  },
  'backup.pruned': {
    label: 'Backups deleted by the retention policy',
    data: z.strictObject({ deleted: z.array(ZId).max(2000), kept: ZCount }),
  },
  'backup.restore_rehearsed': {
    label: 'Restore rehearsal run',
    data: z.strictObject({
      rehearsalId: ZId, backupId: ZId.optional(), outcome: z.enum(['passed', 'failed']), failedStep: ZSlug.optional(),
      rpoSeconds: ZCount.optional(), rtoMs: ZCount.optional(),
    }),
  },
  // Risk rules (lib/risk/rule-sets) and PII key rotation (lib/crypto).
  'risk_rules.draft_created': {
    label: 'Risk rule set draft created',
    data: z.strictObject({ version: ZCount, basedOnVersion: ZCount }),
  },
  'risk_rules.draft_updated': {
    label: 'Risk rule set draft edited',
    data: z.strictObject({ version: ZCount, changes: z.array(z.string().max(300)).max(50) }),
  },
  'risk_rules.submitted': {
    label: 'Risk rule set submitted for approval',
    data: z.strictObject({ version: ZCount, approvalRequestId: ZId, definitionHash: ZHash }),
  },
  'risk_rules.activated': {
    label: 'Risk rule set activated',
    data: z.strictObject({ version: ZCount, previousVersion: ZCount, approvalRequestId: ZId, definitionHash: ZHash }),
  },
  'risk_rules.backtested': {
    label: 'Risk rule set backtested',
    data: z.strictObject({ version: ZCount, days: ZCount }),
  },
  'pii.keys_rotated': {
    label: 'PII re-encrypted with the active key',
    // remaining: rows still under an old key when the run ended (optional: events before it was recorded lack it).
    data: z.strictObject({ activeKeyId: z.string().min(1).max(32), rows: ZCount, fields: ZCount, complete: z.boolean(), remaining: ZCount.optional() }),
  },
} as const satisfies Record<string, { label: string; data: z.ZodType<Record<string, unknown>> }>;

export type TAuditAction = keyof typeof AUDIT_ACTIONS;
/** What a caller passes as `data` for an action (defaults not yet applied). */
export type TAuditDataInput<A extends TAuditAction> = z.input<(typeof AUDIT_ACTIONS)[A]['data']>;
/** What is stored as `data` for an action. */
export type TAuditData<A extends TAuditAction> = z.output<(typeof AUDIT_ACTIONS)[A]['data']>;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as TAuditAction[];

export function isAuditAction(value: string): value is TAuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The label the UI shows for an action; unknown (e.g. retired) actions show their raw name. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}

export class InvalidAuditDataError extends Error {
  constructor(
    readonly action: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Invalid audit data for ${action}: ${issues.map((i) => `${i.path || '(data)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidAuditDataError';
  }
}

/** Validates `data` against the action's schema; throws InvalidAuditDataError (the append must not happen). */
export function parseAuditData(action: string, data: unknown): Record<string, unknown> {
  if (!isAuditAction(action)) throw new InvalidAuditDataError(action, [{ path: 'action', message: 'unknown audit action' }]);
  const schema: z.ZodType<Record<string, unknown>> = AUDIT_ACTIONS[action].data;
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new InvalidAuditDataError(
      action,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
