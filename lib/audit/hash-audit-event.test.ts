/** The fast canonical form of an event equals the general canonical JSON of its hash input, whatever the values. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { auditHashInput, canonicalAuditHashInput, type TAuditEventRow } from './hash-audit-event';

const base: TAuditEventRow = {
  id: randomUUID(), chain: 'main', seq: 42, occurredAt: new Date('2026-11-23T20:30:06.123Z'), actorType: 'staff', actorId: 'a"b\\c',
  action: 'auth.sign_in.succeeded', targetType: null, targetId: null, result: 'success', reason: 'ünïcødé \u2028 line', ip: '::1',
  place: { label: 'loopback' }, device: { os: 'Linux', browser: 'Firefox', nested: { z: [1, 2.5, null, { b: 1, a: 2 }], a: true } },
  authenticator: null, requestId: null, sessionId: 's', data: { b: -0, a: 1e21, 'é': 'x', A: '' }, before: {}, after: { list: [] },
  prevHash: '0'.repeat(64), hash: '',
};

describe('canonicalAuditHashInput', () => {
  it('is exactly canonicalJson(auditHashInput(row)) for rows with nulls, nesting, escapes and unicode', () => {
    for (const row of [base, { ...base, place: null, device: null, data: null, before: null, after: null, reason: null, actorId: null }]) {
      expect(canonicalAuditHashInput(row)).toBe(canonicalJson(auditHashInput(row)));
    }
  });
});
