/**
 * One written form per IP address, so allow/block lists compare addresses, not spellings:
 * "2001:0DB8:0:0:0:0:0:1", "2001:db8::1" and PostgreSQL's inet output are the same address.
 * IPv6 is parsed to its eight 16-bit groups and written as RFC 5952 text; an IPv4-mapped
 * address (::ffff:a.b.c.d, however written) is its IPv4 address. Pure (the rule-set editor
 * runs it in the browser too, so no node:net).
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The IPv4 address as a 32-bit unsigned integer, or null. */
export function ipv4ToInt(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function hexGroups(part: string): number[] | null {
  if (part === '') return [];
  const out: number[] = [];
  for (const g of part.split(':')) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

/** The eight 16-bit groups of an IPv6 address (zone ids refused), or null. */
export function parseIpv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    // Embedded IPv4 (::ffff:192.0.2.1): the last 32 bits written as dotted decimal.
    const v4 = ipv4ToInt(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail.push(v4 >>> 16, v4 & 0xffff);
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = hexGroups(halves[0]!);
  const rest = halves.length === 2 ? hexGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  return [...head, ...Array<number>(8 - known).fill(0), ...rest, ...tail];
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatIpv6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The canonical text of an IP address, or null when it is not one. */
export function canonicalIp(ip: string): string | null {
  const text = ip.trim();
  const v4 = ipv4ToInt(text);
  if (v4 !== null) return intToIpv4(v4);
  const groups = parseIpv6(text);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  return mapped ? intToIpv4(((groups[6]! << 16) | groups[7]!) >>> 0) : formatIpv6(groups);
}

/** A list entry (address or IPv4 CIDR) in canonical form; anything unparseable is returned as given. */
export function canonicalIpEntry(entry: string): string {
  const slash = entry.indexOf('/');
  if (slash < 0) return canonicalIp(entry) ?? entry;
  const base = ipv4ToInt(entry.slice(0, slash).trim());
  return base === null ? entry : `${intToIpv4(base)}/${entry.slice(slash + 1).trim()}`;
}
