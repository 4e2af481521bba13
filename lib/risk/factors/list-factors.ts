/** Block lists (any hit declines) and allow lists (override every other outcome). */
import type { TRiskRuleSet } from '../rule-set-schema';
import type { TRiskFactor, TRiskTransaction } from '../types';
import { ipInList } from '../ip-match';

export const BLOCK_WEIGHT = 100;

function domainMatches(domain: string, entry: string): boolean {
  return domain === entry || domain.endsWith(`.${entry}`);
}

export function blockFactors(t: TRiskTransaction, rules: TRiskRuleSet): TRiskFactor[] {
  const b = rules.block;
  const hits: TRiskFactor[] = [];
  const hit = (code: string, explanation: string) => hits.push({ code, weight: BLOCK_WEIGHT, explanation });
  const bin = b.bins.find((entry) => t.cardBin.startsWith(entry));
  if (bin) hit('block.bin', `The card's BIN ${bin} is on the block list.`);
  for (const [label, country] of [['Payment location', t.geoCountry], ['Merchant country', t.merchantCountry]] as const) {
    if (country && b.countries.includes(country)) hit('block.country', `${label} ${country} is on the block list.`);
  }
  if (t.deviceFingerprint && b.deviceFingerprints.includes(t.deviceFingerprint)) hit('block.device', 'The device fingerprint is on the block list.');
  const ip = ipInList(t.ip, b.ips);
  if (ip) hit('block.ip', `The IP address is on the block list (${ip}).`);
  const domain = t.emailDomain?.toLowerCase();
  const blockedDomain = domain ? b.emailDomains.find((d) => domainMatches(domain, d)) : undefined;
  if (blockedDomain) hit('block.email_domain', `The email domain ${blockedDomain} is on the block list.`);
  // One factor per code: two block-listed countries read as one reason.
  return hits.filter((f, i) => hits.findIndex((g) => g.code === f.code) === i);
}

export function allowFactor(t: TRiskTransaction, rules: TRiskRuleSet): TRiskFactor | null {
  const a = rules.allow;
  let reason: string | null = null;
  if (a.customerRefs.includes(t.customerRef)) reason = 'The customer is on the allow list.';
  else if (t.deviceFingerprint && a.deviceFingerprints.includes(t.deviceFingerprint)) reason = 'The device fingerprint is on the allow list.';
  else if (ipInList(t.ip, a.ips)) reason = 'The IP address is on the allow list.';
  return reason ? { code: 'allow.listed', weight: 0, explanation: `${reason} Allowed regardless of the other factors.` } : null;
}
