/**
 * Address ranges that have no place on a map (RFC 6890 special-purpose registries): they are
 * labelled instead of looked up, so a loopback or office-LAN address never shows a country.
 */
import { BlockList, isIP } from 'node:net';

export type TSpecialIpLabel =
  | 'loopback'
  | 'private network'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'unique local'
  | 'unspecified'
  | 'multicast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

type TRange = [label: TSpecialIpLabel, net: string, prefix: number, type: 'ipv4' | 'ipv6'];

const RANGES: TRange[] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private network', '10.0.0.0', 8, 'ipv4'],
  ['private network', '172.16.0.0', 12, 'ipv4'],
  ['private network', '192.168.0.0', 16, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['carrier-grade NAT', '100.64.0.0', 10, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['reserved', '100::', 64, 'ipv6'],
];

let lists: [TSpecialIpLabel, BlockList][] | undefined;

function buildLists(): [TSpecialIpLabel, BlockList][] {
  const byLabel = new Map<TSpecialIpLabel, BlockList>();
  for (const [label, net, prefix, type] of RANGES) {
    const list = byLabel.get(label) ?? new BlockList();
    list.addSubnet(net, prefix, type);
    byLabel.set(label, list);
  }
  return [...byLabel.entries()];
}

/** Strips an IPv6 zone id ("fe80::1%eth0") and brackets; returns null when not an IP address. */
export function normaliseIp(ip: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const address = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return { address, type: 'ipv4' };
  if (version === 6) return { address, type: 'ipv6' };
  return null;
}

/** An address or CIDR block ("10.0.0.0/8", "fd00::/8"); a bare address has the full-length prefix. Null when not one. */
export function parseIpBlock(raw: string): { address: string; type: 'ipv4' | 'ipv6'; prefix: number; exact: boolean } | null {
  const [addr = '', prefix, extra] = raw.trim().split('/');
  if (extra !== undefined) return null;
  const ip = normaliseIp(addr);
  if (!ip) return null;
  const max = ip.type === 'ipv4' ? 32 : 128;
  if (prefix === undefined) return { ...ip, prefix: max, exact: true };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  return { ...ip, prefix: Number(prefix), exact: false };
}

/**
 * The special-purpose label of an address, or null for an ordinary public address.
 * IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) match their IPv4 range (node's BlockList does this).
 */
export function specialIpLabel(ip: string): TSpecialIpLabel | null {
  const n = normaliseIp(ip);
  if (!n) return null;
  lists ??= buildLists();
  for (const [label, list] of lists) if (list.check(n.address, n.type)) return label;
  return null;
}
