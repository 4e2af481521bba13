/** Rule set ↔ flat form strings (numbers as text, lists one per line, high amounts "EUR 500000"). Pure. */
import { WEIGHTED_FACTOR_CODES, type TRiskRuleSetDefinition } from '@/lib/risk/rule-set-schema';

export type TFormValues = Record<string, string>;

export const NUMBER_FIELDS: [key: string, label: string][] = [
  ['thresholds.medium', 'Medium score'],
  ['thresholds.high', 'High score'],
  ['thresholds.decline', 'Decline score'],
  ['amount.minHistory', 'Payments before history counts'],
  ['amount.multipleOfAverage', 'Multiple of average'],
  ['amount.zScore', 'Z-score'],
  ['velocity.maxCount1h', 'Max payments per hour'],
  ['velocity.maxCount24h', 'Max payments per day'],
  ['velocity.sum1hMultipleOfHigh', 'Hourly sum (× high amount)'],
  ['velocity.sum24hMultipleOfHigh', 'Daily sum (× high amount)'],
  ['travel.maxSpeedKmh', 'Max travel speed (km/h)'],
  ['travel.minDistanceKm', 'Min travel distance (km)'],
  ...WEIGHTED_FACTOR_CODES.map((c): [string, string] => [`weights.${c}`, `Weight: ${c}`]),
];

export const LIST_FIELDS: [key: string, label: string][] = [
  ['amount.highMinor', 'High amount per currency (e.g. EUR 500000, minor units)'],
  ['block.bins', 'Blocked BINs'],
  ['block.countries', 'Blocked countries'],
  ['block.deviceFingerprints', 'Blocked device fingerprints'],
  ['block.ips', 'Blocked IPs / CIDR'],
  ['block.emailDomains', 'Blocked email domains'],
  ['allow.customerRefs', 'Allow-listed customers'],
  ['allow.deviceFingerprints', 'Allow-listed devices'],
  ['allow.ips', 'Allow-listed IPs / CIDR'],
  ['mcc.highRisk', 'High-risk MCCs'],
  ['mcc.elevatedRisk', 'Elevated-risk MCCs'],
];

function get(obj: unknown, path: string): unknown {
  // Weight keys contain dots ("weights.device.new"): split only at the first dot.
  const at = path.indexOf('.');
  const head = path.slice(0, at);
  return (obj as Record<string, Record<string, unknown>>)[head]?.[path.slice(at + 1)];
}

export function toForm(d: TRiskRuleSetDefinition, note: string): TFormValues {
  const v: TFormValues = { note, highDecision: d.thresholds.highDecision };
  for (const [key] of NUMBER_FIELDS) v[key] = String(get(d, key) ?? '');
  for (const [key] of LIST_FIELDS) {
    v[key] = key === 'amount.highMinor' ? Object.entries(d.amount.highMinor).map(([c, n]) => `${c} ${n}`).join('\n') : ((get(d, key) as string[]) ?? []).join('\n');
  }
  return v;
}

const lines = (s: string | undefined) => (s ?? '').split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

/** Builds the object to validate; bad numbers become NaN and fail the schema with its message. */
export function fromForm(v: TFormValues): unknown {
  const out: Record<string, Record<string, unknown>> = { thresholds: { highDecision: v.highDecision?.trim() }, amount: {}, velocity: {}, travel: {}, weights: {}, mcc: {}, block: {}, allow: {} };
  for (const [key] of NUMBER_FIELDS) {
    const at = key.indexOf('.');
    const raw = (v[key] ?? '').trim();
    out[key.slice(0, at)]![key.slice(at + 1)] = raw === '' ? Number.NaN : Number(raw);
  }
  for (const [key] of LIST_FIELDS) {
    const at = key.indexOf('.');
    if (key === 'amount.highMinor') {
      out.amount!.highMinor = Object.fromEntries(lines(v[key]).map((l) => l.split(/\s+/) as [string, string]).map(([c, n]) => [c.toUpperCase(), n ?? '']));
    } else out[key.slice(0, at)]![key.slice(at + 1)] = lines(v[key]).map((x) => (key === 'block.countries' ? x.toUpperCase() : x));
  }
  return out;
}
