/**
 * List matching for IPs: exact addresses (v4/v6) and IPv4 CIDR ranges. Both sides are put in
 * canonical form first (./ip-address.ts), so the address as the payment core wrote it (live
 * scoring) and as PostgreSQL's inet gives it back (backtest) match the same entries. Pure.
 */
import { canonicalIp, ipv4ToInt } from './ip-address';

export function ipMatches(ip: string, entry: string): boolean {
  const addr = canonicalIp(ip);
  if (addr === null) return false;
  const slash = entry.indexOf('/');
  if (slash < 0) return addr === canonicalIp(entry);
  const base = ipv4ToInt(entry.slice(0, slash).trim());
  const bits = Number(entry.slice(slash + 1));
  const value = ipv4ToInt(addr);
  if (base === null || value === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (base & mask) === (value & mask);
}

export function ipInList(ip: string | null | undefined, list: readonly string[]): string | null {
  if (!ip) return null;
  return list.find((entry) => ipMatches(ip, entry)) ?? null;
}
