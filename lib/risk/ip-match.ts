/** List matching for IPs: exact addresses (v4/v6, case-insensitive) and IPv4 CIDR ranges. Pure. */

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function normaliseIp(ip: string): string {
  const lower = ip.trim().toLowerCase();
  // An IPv4-mapped IPv6 address is the IPv4 address for list purposes.
  return lower.startsWith('::ffff:') && ipv4ToInt(lower.slice(7)) !== null ? lower.slice(7) : lower;
}

export function ipMatches(ip: string, entry: string): boolean {
  const addr = normaliseIp(ip);
  const slash = entry.indexOf('/');
  if (slash < 0) return addr === normaliseIp(entry);
  const base = ipv4ToInt(entry.slice(0, slash));
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
