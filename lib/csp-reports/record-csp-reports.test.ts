import { describe, expect, it } from 'vitest';
import { crossesAuditThreshold } from './record-csp-reports';

describe('crossesAuditThreshold', () => {
  it('audits the first sighting and each new power of ten', () => {
    const audited = [];
    for (let n = 1; n <= 1000; n++) if (crossesAuditThreshold(n - 1, n)) audited.push(n);
    expect(audited).toEqual([1, 10, 100, 1000]);
  });

  it('detects a crossing inside a batch increment', () => {
    expect(crossesAuditThreshold(8, 12)).toBe(true);
    expect(crossesAuditThreshold(0, 5)).toBe(true);
    expect(crossesAuditThreshold(11, 99)).toBe(false);
  });
});
