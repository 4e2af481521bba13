import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET as R } from './default-rule-set';
import { evaluateRisk } from './evaluate-risk';
import { haversineKm } from './haversine';
import { ipMatches } from './ip-match';
import { ZRiskRuleSetDefinition } from './rule-set-schema';
import { AT, input, rulesWith } from './test-inputs';
import type { TRiskInput } from './types';

const codes = (i: TRiskInput, rules = R) => evaluateRisk(i, rules).factors.map((f) => f.code);
const hoursAgo = (h: number) => new Date(AT.getTime() - h * 3_600_000);

describe('risk factors, one at a time', () => {
  it.each<[string, TRiskInput, string | null]>([
    ['a normal payment raises nothing', input(), null],
    // Amount against own history: mean 50.00, sd 15.00.
    ['5× the average', input({ amountMinor: 25_000n }), 'amount.above_history'],
    ['4.9× the average but z ≥ 3', input({ amountMinor: 24_500n }), 'amount.above_history'],
    ['z-score alone (sd 1.00, 3.5× sd above)', input({ amountMinor: 5350n }, { amount: { count: 20, mean: 5000, stddev: 100 } }), 'amount.above_history'],
    ['just under both limits', input({ amountMinor: 9400n }), null],
    ['too little history to judge', input({ amountMinor: 90_000n }, { amount: { count: 4, mean: 5000, stddev: 1500 } }), null],
    // Absolute limit per currency.
    ['at the EUR high-amount limit', input({ amountMinor: 500_000n }, { amount: null }), 'amount.absolute_high'],
    ['one cent under the EUR limit', input({ amountMinor: 499_999n }, { amount: null }), null],
    ['JPY limit in yen (zero-decimal)', input({ amountMinor: 750_000, currency: 'JPY' }, { amount: null }), 'amount.absolute_high'],
    ['unlisted currency has no absolute limit', input({ amountMinor: 10n ** 11n, currency: 'XAF' }, { amount: null }), null],
    // Velocity (this payment counts).
    ['6th payment within the hour', input({}, { lastHour: { count: 5, sumMinor: 1000n } }), 'velocity.count_1h'],
    ['5th payment within the hour', input({}, { lastHour: { count: 4, sumMinor: 1000n } }), null],
    ['21st payment within the day', input({}, { lastDay: { count: 20, sumMinor: 1000n } }), 'velocity.count_24h'],
    ['hourly sum over 1× the high amount', input({}, { lastHour: { count: 1, sumMinor: 496_000n } }), 'velocity.sum_1h'],
    ['daily sum over 2× the high amount', input({}, { lastDay: { count: 3, sumMinor: 996_000n } }), 'velocity.sum_24h'],
    // Place.
    ['a country new for this customer', input({ geoCountry: 'FR', geoLat: null, geoLon: null }), 'country.unusual'],
    ['merchant country used when there is no geolocation', input({ geoCountry: null, merchantCountry: 'FR', geoLat: null, geoLon: null }), 'country.unusual'],
    ['new customer: no usual countries yet', input({ geoCountry: 'FR', geoLat: null, geoLon: null }, { count: 0, countries: [], amount: null, previousLocated: null, deviceSeen: false }), null],
    ['Berlin → New York in 3 hours', input({ geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }, { countries: ['DE', 'US'] }), 'travel.impossible'],
    ['Berlin → Paris in 3 hours (≈ 290 km/h)', input({ geoCountry: 'FR', geoLat: 48.85, geoLon: 2.35 }, { countries: ['DE', 'FR'] }), null],
    [
      'Berlin → Paris in 30 minutes (≈ 1,750 km/h)',
      input({ geoCountry: 'FR', geoLat: 48.85, geoLon: 2.35 }, { countries: ['DE', 'FR'], previousLocated: { occurredAt: hoursAgo(0.5), lat: 52.52, lon: 13.405, country: 'DE' } }),
      'travel.impossible',
    ],
    [
      'same city a minute apart is GPS noise, not travel',
      input({ geoLat: 52.45, geoLon: 13.3 }, { previousLocated: { occurredAt: hoursAgo(1 / 60), lat: 52.52, lon: 13.405, country: 'DE' } }),
      null,
    ],
    // Device.
    ['a device this customer never used', input({}, { deviceSeen: false }), 'device.new'],
    ['first payment: no device history to compare', input({}, { count: 0, deviceSeen: false, amount: null, countries: [], previousLocated: null }), null],
    ['no device information at all', input({ deviceFingerprint: null, deviceId: null }, { deviceSeen: false }), null],
    // Merchant category.
    ['gambling MCC', input({ merchantCategoryCode: '7995' }), 'merchant.high_risk_category'],
    ['electronics MCC', input({ merchantCategoryCode: '5732' }), 'merchant.elevated_risk_category'],
  ])('%s', (_label, i, expected) => {
    const result = evaluateRisk(i, R);
    expect(result.factors.map((f) => f.code)).toEqual(expected ? [expected] : []);
    for (const f of result.factors) {
      expect(f.weight).toBe(R.weights[f.code as keyof typeof R.weights]);
      expect(f.explanation.length).toBeGreaterThan(20);
    }
  });

  it('explains in plain words with the amounts in major units', () => {
    const [f] = evaluateRisk(input({ amountMinor: 25_000n }), R).factors;
    expect(f?.explanation).toBe("250.00 EUR is 5 times this customer's average of 50.00 EUR over 20 payments (13.3 standard deviations above normal).");
    const [travel] = evaluateRisk(input({ geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }, { countries: ['DE', 'US'] }), R).factors;
    expect(travel?.explanation).toMatch(/^6,38\d km from the previous payment in DE in 3 hours: 2,1\d\d km\/h, faster than 900 km\/h travel allows\.$/);
  });

  it('a weight of 0 switches a factor off', () => {
    expect(codes(input({ merchantCategoryCode: '7995' }), rulesWith((r) => (r.weights['merchant.high_risk_category'] = 0)))).toEqual([]);
  });
});

describe('block and allow lists', () => {
  it.each<[string, (r: typeof R) => void, Partial<TRiskInput['transaction']>, string]>([
    ['BIN prefix', (r) => r.block.bins.push('411111'), {}, 'block.bin'],
    ['payment location country', (r) => r.block.countries.push('DE'), { merchantCountry: 'NL' }, 'block.country'],
    ['merchant country', (r) => r.block.countries.push('NL'), { merchantCountry: 'NL' }, 'block.country'],
    ['device fingerprint', (r) => r.block.deviceFingerprints.push('fp-known'), {}, 'block.device'],
    ['IP address', (r) => r.block.ips.push('198.51.100.7'), {}, 'block.ip'],
    ['IP in a CIDR range', (r) => r.block.ips.push('198.51.100.0/24'), {}, 'block.ip'],
    ['email domain and its subdomains', (r) => r.block.emailDomains.push('example.com'), { emailDomain: 'mail.example.com' }, 'block.email_domain'],
  ])('a hit on the blocked %s declines at score 100', (_label, change, tx, code) => {
    const result = evaluateRisk(input(tx), rulesWith(change));
    expect(result).toMatchObject({ decision: 'decline', level: 'high', score: 100 });
    expect(result.factors[0]).toMatchObject({ code, weight: 100 });
  });

  it('North Korea is blocked by default', () => {
    expect(evaluateRisk(input({ geoCountry: 'KP', geoLat: null, geoLon: null }), R).decision).toBe('decline');
  });

  it('near misses on block lists do not block', () => {
    const rules = rulesWith((r) => {
      r.block.bins.push('411112');
      r.block.ips.push('198.51.101.0/24');
      r.block.emailDomains.push('ample.com');
    });
    expect(evaluateRisk(input(), rules).decision).toBe('allow');
  });

  it.each<[string, (r: typeof R) => void]>([
    ['customer', (r) => r.allow.customerRefs.push('cust-1')],
    ['device fingerprint', (r) => r.allow.deviceFingerprints.push('fp-known')],
    ['IP range', (r) => r.allow.ips.push('198.51.0.0/16')],
  ])('an allow-listed %s is allowed over a block hit and a high score', (_label, change) => {
    const rules = rulesWith((r) => {
      change(r);
      r.block.bins.push('411111');
    });
    const result = evaluateRisk(input({ amountMinor: 900_000n, merchantCategoryCode: '7995' }), rules);
    expect(result.decision).toBe('allow');
    expect(result.factors[0]?.code).toBe('allow.listed');
    expect(result.factors.map((f) => f.code)).toContain('block.bin');
  });
});

describe('combined score, level and decision', () => {
  it.each<[string, TRiskInput, { score: number; level: string; decision: string }]>([
    ['nothing unusual → low, allow', input(), { score: 0, level: 'low', decision: 'allow' }],
    ['elevated MCC + new device (20) → low, allow', input({ merchantCategoryCode: '5732' }, { deviceSeen: false }), { score: 20, level: 'low', decision: 'allow' }],
    ['jump over own history (30) → medium, review', input({ amountMinor: 30_000n }), { score: 30, level: 'medium', decision: 'review' }],
    ['impossible travel + new country (60) → high, review', input({ geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }), { score: 60, level: 'high', decision: 'review' }],
    [
      'travel + country + history + high amount (115 → 100) → decline',
      input({ amountMinor: 600_000n, geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }),
      { score: 100, level: 'high', decision: 'decline' },
    ],
  ])('%s', (_label, i, expected) => {
    expect(evaluateRisk(i, R)).toMatchObject({ ...expected, ruleSetVersion: 'v1' });
  });

  it('high below the decline score declines when the rule set says so', () => {
    const strict = rulesWith((r) => (r.thresholds.highDecision = 'decline'));
    expect(evaluateRisk(input({ geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }), strict).decision).toBe('decline');
  });

  it('lists factors strongest first', () => {
    const weights = evaluateRisk(input({ amountMinor: 600_000n, geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }), R).factors.map((f) => f.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it('is deterministic: the same input gives the same result', () => {
    const i = input({ amountMinor: 600_000n, geoCountry: 'US', geoLat: 40.71, geoLon: -74.0 }, { deviceSeen: false });
    expect(evaluateRisk(i, R)).toEqual(evaluateRisk(structuredClone(i), R));
  });
});

describe('rule set validation and helpers', () => {
  it('the default set passes its own schema', () => {
    const { version: _v, ...definition } = R;
    expect(ZRiskRuleSetDefinition.safeParse(definition).success).toBe(true);
  });

  it.each<[string, (r: typeof R) => void]>([
    ['thresholds out of order', (r) => (r.thresholds.medium = 70)],
    ['a weight over 100', (r) => (r.weights['device.new'] = 101)],
    ['a 5-digit BIN', (r) => r.block.bins.push('41111')],
    ['a lower-case country', (r) => r.block.countries.push('de')],
    ['a malformed IP', (r) => r.block.ips.push('300.1.1.1')],
    ['an unknown key', (r) => Object.assign(r.thresholds, { extra: 1 })],
    ['a negative amount', (r) => (r.amount.highMinor.EUR = '-5')],
  ])('refuses %s', (_label, change) => {
    const { version: _v, ...definition } = rulesWith(change);
    expect(ZRiskRuleSetDefinition.safeParse(definition).success).toBe(false);
  });

  it('haversine gives known distances', () => {
    expect(haversineKm({ lat: 52.52, lon: 13.405 }, { lat: 48.8566, lon: 2.3522 })).toBeCloseTo(878, -1);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(20015, -1);
  });

  it('matches IPv4-mapped IPv6 and exact IPv6 addresses', () => {
    expect(ipMatches('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipMatches('2001:DB8::1', '2001:db8::1')).toBe(true);
    expect(ipMatches('11.0.0.1', '10.0.0.0/8')).toBe(false);
  });
});
