/**
 * Which actions make sense on which subject. A rule naming an action its subject does not
 * support ("release Role") is refused: it would grant nothing today and something surprising
 * once a use case starts checking it. `manage` (any action) applies everywhere.
 */
import type { TAction, TConcreteSubject, TSubject } from './vocabulary';

export const SUBJECT_ACTIONS = {
  Transaction: ['read', 'create', 'update', 'review', 'assign', 'release', 'decline', 'escalate', 'export'],
  CustomerPII: ['read', 'reveal', 'export'],
  ApprovalRequest: ['read', 'request', 'approve', 'assign', 'delete'],
  ApprovalPolicy: ['read', 'create', 'update', 'delete'],
  AuditEvent: ['read', 'export', 'verify'],
  Role: ['read', 'create', 'update', 'delete', 'assign'],
  Staff: ['read', 'create', 'update', 'delete', 'assign'],
  Invite: ['read', 'create', 'delete'],
  RiskRuleSet: ['read', 'create', 'update', 'request'],
  ServiceToken: ['read', 'create', 'update', 'delete'],
  Settings: ['read', 'update'],
  CspReport: ['read', 'delete'],
} as const satisfies Record<TConcreteSubject, readonly TAction[]>;

/** True when the action may be granted on the subject (`all` accepts every action). */
export function actionAppliesTo(action: TAction, subject: TSubject): boolean {
  if (action === 'manage' || subject === 'all') return true;
  const allowed: readonly TAction[] = SUBJECT_ACTIONS[subject];
  return allowed.includes(action);
}
