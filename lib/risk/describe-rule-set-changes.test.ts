import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from './default-rule-set';
import { describeRuleSetChanges } from './describe-rule-set-changes';

const { version: _v, ...base } = DEFAULT_RULE_SET;

describe('describeRuleSetChanges', () => {
  it('is empty for identical rule sets', () => {
    expect(describeRuleSetChanges(base, structuredClone(base))).toEqual([]);
  });

  it('names changed numbers, added and removed list entries, and new or dropped currency limits', () => {
    const next = structuredClone(base);
    next.thresholds.decline = 90;
    next.weights['travel.impossible'] = 45;
    next.block.countries = ['RU'];
    next.allow.ips = ['203.0.113.0/24'];
    next.amount.highMinor.BRL = '2500000';
    delete (next.amount.highMinor as Record<string, string>).INR;
    expect(describeRuleSetChanges(base, next)).toEqual([
      'amount.highMinor.BRL: (none) → 2500000',
      'amount.highMinor.INR: 40000000 → (none)',
      'thresholds.decline: 85 → 90',
      'weights.travel.impossible: 40 → 45',
      'Blocked countries: + RU, − KP',
      'Allow-listed IPs: + 203.0.113.0/24',
    ]);
  });

  it('abbreviates long list changes', () => {
    const next = structuredClone(base);
    next.block.bins = ['400001', '400002', '400003', '400004', '400005', '400006', '400007'];
    expect(describeRuleSetChanges(base, next)).toEqual(['Blocked BINs: + 400001 400002 400003 400004 400005 and 2 more']);
  });
});
