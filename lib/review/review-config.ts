/**
 * Review-queue settings that operators tune: the SLA per risk level and the per-currency
 * amount above which a release needs a multi-signer approval. Pure parsing (no env access):
 * lib/env.ts hands over the raw strings and refuses the process start on a bad value.
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type TRiskLevel = (typeof RISK_LEVELS)[number];

/** Minutes from receipt until a frozen item is overdue. */
export type TSlaMinutes = Record<TRiskLevel, number>;
export const DEFAULT_SLA_MINUTES: TSlaMinutes = { critical: 30, high: 60, medium: 240, low: 1440 };

/** Minor units at or above which a release needs an approval; `fallback` for unlisted currencies. */
export type TReleaseThresholds = { byCurrency: Readonly<Record<string, bigint>>; fallback: bigint };
/** 10,000.00 in two-decimal currencies; JPY and KRW have no minor unit. */
export const DEFAULT_RELEASE_THRESHOLDS: TReleaseThresholds = { byCurrency: { JPY: 1_500_000n, KRW: 13_000_000n }, fallback: 1_000_000n };

export type TReviewConfig = { slaMinutes: TSlaMinutes; releaseThresholds: TReleaseThresholds };

function pairs(raw: string): [string, string][] {
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [k, v, ...rest] = p.split('=').map((s) => s.trim());
      if (!k || !v || rest.length) throw new Error(`"${p}" is not key=value`);
      return [k, v];
    });
}

/** `high=60,medium=240`: listed levels override the defaults. Throws with a readable message. */
export function parseSlaMinutes(raw: string | undefined): TSlaMinutes {
  const out = { ...DEFAULT_SLA_MINUTES };
  if (!raw) return out;
  for (const [level, value] of pairs(raw)) {
    if (!(RISK_LEVELS as readonly string[]).includes(level)) throw new Error(`unknown risk level "${level}"`);
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new Error(`SLA for ${level} must be a whole number of minutes >= 1`);
    out[level as TRiskLevel] = Number(value);
  }
  return out;
}

/** `EUR=500000,USD=500000,*=1000000` (minor units). Throws with a readable message. */
export function parseReleaseThresholds(raw: string | undefined): TReleaseThresholds {
  if (!raw) return DEFAULT_RELEASE_THRESHOLDS;
  const byCurrency: Record<string, bigint> = { ...DEFAULT_RELEASE_THRESHOLDS.byCurrency };
  let fallback = DEFAULT_RELEASE_THRESHOLDS.fallback;
  for (const [currency, value] of pairs(raw)) {
    if (!/^\d{1,18}$/.test(value)) throw new Error(`threshold for ${currency} must be minor units (digits)`);
    if (currency === '*') fallback = BigInt(value);
    else if (/^[A-Z]{3}$/.test(currency)) byCurrency[currency] = BigInt(value);
    else throw new Error(`"${currency}" is not an ISO 4217 code or *`);
  }
  return { byCurrency, fallback };
}

export function releaseThresholdFor(config: TReleaseThresholds, currency: string): bigint {
  return Object.hasOwn(config.byCurrency, currency) ? (config.byCurrency[currency] as bigint) : config.fallback;
}

/** Whether releasing this amount needs a multi-signer approval (at or above the threshold). */
export function releaseNeedsApproval(config: TReleaseThresholds, amountMinor: bigint, currency: string): boolean {
  return amountMinor >= releaseThresholdFor(config, currency);
}

/** For lib/env.ts: parses both settings, adding a readable problem per bad value (the defaults stand in). */
export function parseReviewSettings(sla: string | undefined, thresholds: string | undefined, problems: string[]): TReviewConfig {
  const attempt = <T>(name: string, parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (e) {
      problems.push(`${name}: ${e instanceof Error ? e.message : 'invalid'}`);
      return fallback;
    }
  };
  return {
    slaMinutes: attempt('REVIEW_SLA_MINUTES', () => parseSlaMinutes(sla), DEFAULT_SLA_MINUTES),
    releaseThresholds: attempt('REVIEW_RELEASE_APPROVAL_MINOR', () => parseReleaseThresholds(thresholds), DEFAULT_RELEASE_THRESHOLDS),
  };
}
