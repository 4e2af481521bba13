/**
 * The risk rule set as data: thresholds, weights and lists. One zod schema validates the
 * default set in code, stored versions (jsonb) and the rules editor form, so all three refuse
 * the same things. Amounts are whole minor units as digit strings (JSON has no bigint).
 */
import { z } from '@/lib/zod-setup';
import { canonicalIpEntry } from './ip-address';

export const WEIGHTED_FACTOR_CODES = [
  'amount.above_history',
  'amount.absolute_high',
  'velocity.count_1h',
  'velocity.count_24h',
  'velocity.sum_1h',
  'velocity.sum_24h',
  'country.unusual',
  'travel.impossible',
  'device.new',
  'merchant.high_risk_category',
  'merchant.elevated_risk_category',
] as const;
export type TWeightedFactorCode = (typeof WEIGHTED_FACTOR_CODES)[number];

const ZWeight = z.int('Use a whole number').min(0, 'Weights are 0–100').max(100, 'Weights are 0–100');
const ZScore = z.int('Use a whole number').min(1, 'Scores are 1–100').max(100, 'Scores are 1–100');
const ZMinor = z.string().regex(/^[1-9]\d{0,12}$/, 'Use a positive whole number of minor units');
const list = <T extends z.ZodType>(item: T) => z.array(item).max(5000, 'At most 5,000 entries per list');

export const ZBin = z.string().regex(/^\d{6,8}$/, 'A BIN is 6 to 8 digits');
export const ZCountryCode = z.string().regex(/^[A-Z]{2}$/, 'Use ISO 3166-1 alpha-2 country codes (e.g. DE)');
export const ZMcc = z.string().regex(/^\d{4}$/, 'A merchant category code is 4 digits');
export const ZListToken = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'Letters, digits, . _ : - only');
// Stored in canonical form (2001:0DB8:0:0::1 → 2001:db8::1, ::ffff:192.0.2.1 → 192.0.2.1), the
// form the engine compares and the console shows, whatever the editor typed.
export const ZIpOrCidr = z
  .union([z.ipv4(), z.ipv6(), z.cidrv4()], { error: 'Use an IP address or an IPv4 CIDR range (e.g. 203.0.113.0/24)' })
  .transform(canonicalIpEntry);
export const ZEmailDomain = z
  .string()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Use a domain such as mail.example');

export const ZRiskRuleSetDefinition = z.strictObject({
  thresholds: z
    .strictObject({
      /** Score at or above → medium (review). */
      medium: ZScore,
      /** Score at or above → high. */
      high: ZScore,
      /** High and at or above → decline. */
      decline: ZScore,
      /** What a high score below `decline` does: freeze for review (default) or decline. */
      highDecision: z.enum(['review', 'decline']),
    })
    .refine((t) => t.medium < t.high && t.high <= t.decline, {
      message: 'Thresholds must rise: medium < high ≤ decline',
    }),
  amount: z.strictObject({
    /** Same-currency transactions needed before "own history" factors apply. */
    minHistory: z.int().min(1).max(1000),
    multipleOfAverage: z.number().min(1).max(1000),
    zScore: z.number().min(0.5).max(50),
    /** Absolute high amount per currency (minor units); currencies not listed have no limit. */
    highMinor: z.record(z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code'), ZMinor),
  }),
  velocity: z.strictObject({
    maxCount1h: z.int().min(1).max(10_000),
    maxCount24h: z.int().min(1).max(100_000),
    /** Sum limits as multiples of the currency's high amount. */
    sum1hMultipleOfHigh: z.number().min(0.1).max(1000),
    sum24hMultipleOfHigh: z.number().min(0.1).max(1000),
  }),
  travel: z.strictObject({
    maxSpeedKmh: z.number().min(50).max(20_000),
    /** Shorter hops are ignored: nearby locations carry GPS/IP noise. */
    minDistanceKm: z.number().min(0).max(5000),
  }),
  weights: z.strictObject(
    Object.fromEntries(WEIGHTED_FACTOR_CODES.map((c) => [c, ZWeight])) as Record<TWeightedFactorCode, typeof ZWeight>,
  ),
  mcc: z.strictObject({ highRisk: list(ZMcc), elevatedRisk: list(ZMcc) }),
  block: z.strictObject({
    bins: list(ZBin),
    countries: list(ZCountryCode),
    deviceFingerprints: list(ZListToken),
    ips: list(ZIpOrCidr),
    emailDomains: list(ZEmailDomain),
  }),
  /** Allow lists override every other outcome, block lists included. */
  allow: z.strictObject({
    customerRefs: list(ZListToken),
    deviceFingerprints: list(ZListToken),
    ips: list(ZIpOrCidr),
  }),
});
export type TRiskRuleSetDefinition = z.infer<typeof ZRiskRuleSetDefinition>;

/** A definition with the version it is stored and reported under. */
export type TRiskRuleSet = TRiskRuleSetDefinition & { version: string };
