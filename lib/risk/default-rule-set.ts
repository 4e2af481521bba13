/**
 * Rule set v1, the built-in default used until an approved version is stored. Weights are
 * chosen so one strong signal (impossible travel, a large jump over the customer's own
 * history) freezes a payment for review, and two strong signals decline it.
 */
import { ZRiskRuleSetDefinition, type TRiskRuleSet } from './rule-set-schema';

export const DEFAULT_RULE_SET_VERSION = 'v1';

const definition = ZRiskRuleSetDefinition.parse({
  thresholds: { medium: 30, high: 60, decline: 85, highDecision: 'review' },
  amount: {
    minHistory: 5,
    multipleOfAverage: 5,
    zScore: 3,
    // ≈ 5,000 in the major unit of each common currency (JPY/KRW are zero-decimal).
    highMinor: {
      EUR: '500000', USD: '500000', GBP: '400000', CHF: '500000', CAD: '700000', AUD: '750000', SEK: '5000000',
      NOK: '5000000', DKK: '3500000', PLN: '2000000', CZK: '12000000', JPY: '750000', KRW: '7000000', INR: '40000000',
    },
  },
  velocity: { maxCount1h: 5, maxCount24h: 20, sum1hMultipleOfHigh: 1, sum24hMultipleOfHigh: 2 },
  travel: { maxSpeedKmh: 900, minDistanceKm: 100 },
  weights: {
    'amount.above_history': 30,
    'amount.absolute_high': 25,
    'velocity.count_1h': 20,
    'velocity.count_24h': 10,
    'velocity.sum_1h': 20,
    'velocity.sum_24h': 10,
    'country.unusual': 20,
    'travel.impossible': 40,
    'device.new': 10,
    'merchant.high_risk_category': 20,
    'merchant.elevated_risk_category': 10,
  },
  mcc: {
    // Gambling, money orders/transfer, quasi-cash, crypto, dating/escort services.
    highRisk: ['7995', '4829', '6051', '6540', '6211', '7273', '5967'],
    // Electronics, jewellery, gift cards, digital goods, airlines/travel agencies.
    elevatedRisk: ['5732', '5944', '5947', '5815', '5816', '5818', '4722', '3000'],
  },
  block: { bins: [], countries: ['KP'], deviceFingerprints: [], ips: [], emailDomains: [] },
  allow: { customerRefs: [], deviceFingerprints: [], ips: [] },
});

export const DEFAULT_RULE_SET: TRiskRuleSet = { version: DEFAULT_RULE_SET_VERSION, ...definition };
