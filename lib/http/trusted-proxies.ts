/**
 * TRUSTED_PROXIES (lib/env.ts): the addresses, or CIDR blocks, of the reverse proxies allowed
 * to tell the app who the client is through X-Forwarded-For (request-meta.ts). With TRUST_PROXY
 * set and no list, any connection is taken for the proxy, which is safe only while the network
 * lets nothing else reach the app; with a list, a request from anywhere else is attributed to
 * its own connection, whatever its X-Forwarded-For says.
 */
import { BlockList } from 'node:net';
import { normaliseIp, parseIpBlock } from '@/lib/audit/special-ip-ranges';

export type TTrustedProxies = { list: BlockList; entries: string[] };

/** Parses a comma-separated list of IPv4/IPv6 addresses and CIDR blocks; every bad entry is named in `problems`. */
export function parseTrustedProxies(text: string, problems: string[]): TTrustedProxies | null {
  const list = new BlockList();
  const entries: string[] = [];
  let bad = 0;
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const block = parseIpBlock(raw);
    if (!block) {
      bad += 1;
      problems.push(`TRUSTED_PROXIES: "${raw.slice(0, 60)}" is not an IPv4/IPv6 address or CIDR block`);
      continue;
    }
    list.addSubnet(block.address, block.prefix, block.type);
    entries.push(`${block.address}/${block.prefix}`);
  }
  if (entries.length === 0 && bad === 0) problems.push('TRUSTED_PROXIES is set but names no address');
  return entries.length > 0 ? { list, entries } : null;
}

/** Whether a connection address (as request-meta records it) is one of the trusted proxies. */
export function isTrustedProxy(proxies: TTrustedProxies, address: string): boolean {
  const ip = normaliseIp(address);
  return ip !== null && proxies.list.check(ip.address, ip.type);
}
