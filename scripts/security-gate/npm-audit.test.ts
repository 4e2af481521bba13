import { describe, expect, it } from 'vitest';
import { interpretAudit, type TAuditException } from './npm-audit';

const report = (vulnerabilities: Record<string, unknown>) => JSON.stringify({ auditReportVersion: 2, vulnerabilities });
const high = { severity: 'high', via: [{ source: 1, url: 'https://github.com/advisories/GHSA-xxxx', title: 'bad' }] };
const exception: TAuditException = { package: 'lib-a', advisory: 'https://github.com/advisories/GHSA-xxxx', reason: 'not reachable', acceptedOn: '2026-11-01', reviewBy: '2026-12-31' };

describe('interpretAudit', () => {
  it('passes with no high or critical advisory (moderate ones are not the gate)', () => {
    expect(interpretAudit(report({ 'lib-b': { severity: 'moderate', via: [] } }), [], '2026-11-23')).toEqual({ status: 'passed', exceptionsApplied: [] });
  });

  it('fails on a high advisory without an exception', () => {
    expect(interpretAudit(report({ 'lib-a': high }), [], '2026-11-23')).toEqual({ status: 'failed', findings: ['high: lib-a (https://github.com/advisories/GHSA-xxxx)'] });
  });

  it('accepts a documented exception until its review date, then fails again', () => {
    expect(interpretAudit(report({ 'lib-a': high }), [exception], '2026-11-23').status).toBe('passed');
    expect(interpretAudit(report({ 'lib-a': high }), [exception], '2027-01-01').status).toBe('failed');
  });

  it('reports an unreachable audit endpoint as unavailable, never as a pass', () => {
    const res = interpretAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' }), [], '2026-11-23');
    expect(res).toEqual({ status: 'unavailable', reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' });
    expect(interpretAudit('', [], '2026-11-23').status).toBe('unavailable');
  });
});
