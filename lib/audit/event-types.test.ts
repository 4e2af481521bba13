import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, auditActionLabel, InvalidAuditDataError, parseAuditData } from './event-types';

const REQUIRED = [
  'setup.completed', 'auth.sign_in.succeeded', 'auth.sign_in.failed', 'auth.sign_in.throttled', 'auth.signed_out',
  'session.idle_expired', 'session.expired', 'session.revoked', 'passkey.added', 'passkey.renamed', 'passkey.removed',
  'passkey.suspended', 'passkey.step_up', 'action.signed', 'invite.created', 'invite.accepted', 'invite.revoked',
  'staff.disabled', 'staff.enabled', 'csp.report_received', 'audit.checkpoint_created', 'audit.verification_failed',
];

describe('audit event types', () => {
  it('define every event the skeleton records, each with a label', () => {
    expect(AUDIT_ACTION_NAMES).toEqual(expect.arrayContaining(REQUIRED));
    for (const a of AUDIT_ACTION_NAMES) expect(AUDIT_ACTIONS[a].label.length, a).toBeGreaterThan(3);
    expect(auditActionLabel('auth.sign_in.succeeded')).toBe('Signed in');
  });

  it('shows an unknown (retired) action by its raw name', () => {
    expect(auditActionLabel('legacy.thing')).toBe('legacy.thing');
  });

  it('accepts the data callers send and applies defaults', () => {
    expect(parseAuditData('auth.sign_in.succeeded', { passkeyId: 'p1' })).toEqual({ passkeyId: 'p1', method: 'passkey' });
    expect(parseAuditData('auth.sign_in.failed', { reason: 'user_not_verified' })).toEqual({ reason: 'user_not_verified' });
    expect(parseAuditData('csp.report_received', { fingerprint: 'f', directive: 'script-src-elem', count: 3 })).toMatchObject({ count: 3 });
    expect(parseAuditData('staff.enabled', undefined)).toEqual({});
  });

  it('rejects unknown keys, so free-form payloads cannot slip PII into the log', () => {
    expect(() => parseAuditData('auth.sign_in.failed', { reason: 'bad', email: 'a@b.c' })).toThrow(InvalidAuditDataError);
  });

  it('rejects missing required fields and wrong types', () => {
    expect(() => parseAuditData('passkey.suspended', { staffId: 's', storedCounter: 5 })).toThrow(/receivedCounter/);
    expect(() => parseAuditData('csp.report_received', { fingerprint: 'f', directive: 'x', count: -1 })).toThrow(InvalidAuditDataError);
    expect(() => parseAuditData('auth.sign_in.failed', { reason: 'Free text with spaces' })).toThrow(InvalidAuditDataError);
  });

  it('rejects an action that is not in the vocabulary', () => {
    expect(() => parseAuditData('made.up', {})).toThrow(/unknown audit action/);
  });
});
