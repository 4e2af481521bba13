/**
 * The client address recorded for a request (request-meta.ts with peer-address.ts), through a
 * real Node HTTP server and real connections: with no trusted proxy the connection's own
 * address, whatever the client writes in X-Forwarded-For or in the peer header itself; behind
 * a trusted proxy the entry it appended.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '@/lib/log/logger';
import { installPeerAddressHeader } from './peer-address';
import { clientIpFrom, PEER_ADDRESS_HEADER, requestMetaFrom, resetProxyHintForTests, type TProxyTrust } from './request-meta';
import { parseTrustedProxies } from './trusted-proxies';

/** TRUST_PROXY unset. */
const DIRECT: TProxyTrust = { trustProxy: false, trustedProxies: null };
/** TRUST_PROXY=true, no TRUSTED_PROXIES: any connection is taken for the proxy. */
const ANY_PROXY: TProxyTrust = { trustProxy: true, trustedProxies: null };
/** TRUST_PROXY=true with TRUSTED_PROXIES=`list`. */
function listedProxies(list: string): TProxyTrust {
  const problems: string[] = [];
  const trustedProxies = parseTrustedProxies(list, problems);
  expect(problems).toEqual([]);
  return { trustProxy: true, trustedProxies };
}

let server: Server;
let port: number;

/** Sends a GET with these headers; the server answers with the Headers its handler saw. */
function headersSeen(headers: Record<string, string>): Promise<Headers> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(new Headers(JSON.parse(body) as Record<string, string>)));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  installPeerAddressHeader();
  installPeerAddressHeader(); // idempotent: one subscriber
  server = createServer((req, res) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k] = v;
    res.end(JSON.stringify(out));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('client address with no trusted proxy (TRUST_PROXY unset)', () => {
  it('is the connection address, not a forged X-Forwarded-For', async () => {
    const seen = await headersSeen({ 'x-forwarded-for': '203.0.113.77' });
    expect(seen.get('x-forwarded-for')).toBe('203.0.113.77');
    expect(requestMetaFrom(seen, DIRECT).ip).toBe('127.0.0.1');
  });

  it('replaces a peer header the client sent itself', async () => {
    const seen = await headersSeen({ [PEER_ADDRESS_HEADER]: '198.51.100.9', 'x-forwarded-for': '198.51.100.9' });
    expect(seen.get(PEER_ADDRESS_HEADER)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(clientIpFrom(seen, DIRECT)).toBe('127.0.0.1');
  });

  it('is unknown (null), never X-Forwarded-For, when the server did not record the connection', () => {
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '203.0.113.77' }), DIRECT)).toBeNull();
  });
});

describe('a proxy the app was not told about', () => {
  it('is pointed out once per process, without the addresses, when X-Forwarded-For names another address than the connection', () => {
    resetProxyHintForTests();
    const warn = vi.spyOn(logger(), 'warn');
    const own = new Headers({ [PEER_ADDRESS_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '127.0.0.1' });
    expect(clientIpFrom(own, DIRECT)).toBe('127.0.0.1');
    expect(warn).not.toHaveBeenCalled();
    const other = new Headers({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '198.51.100.9' });
    expect(clientIpFrom(other, DIRECT)).toBe('127.0.0.1');
    expect(clientIpFrom(other, DIRECT)).toBe('127.0.0.1');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('198.51.100.9');
    expect(String(warn.mock.calls[0]![0])).toContain('TRUST_PROXY');
    warn.mockRestore();
  });
});

describe('client address behind a trusted proxy (TRUST_PROXY=true)', () => {
  it('is the right-most X-Forwarded-For entry (the one the proxy appended), not a client-written one to its left', async () => {
    const seen = await headersSeen({ 'x-forwarded-for': '203.0.113.77, 192.0.2.10' });
    expect(requestMetaFrom(seen, ANY_PROXY).ip).toBe('192.0.2.10');
  });

  it('takes IPv4-mapped IPv6 as plain IPv4 and refuses implausible text', () => {
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '::ffff:192.0.2.10' }), ANY_PROXY)).toBe('192.0.2.10');
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '192.0.2.10, <script>' }), ANY_PROXY)).toBeNull();
    expect(clientIpFrom(new Headers(), ANY_PROXY)).toBeNull();
  });
});

describe('client address with TRUSTED_PROXIES', () => {
  it('takes X-Forwarded-For only from a listed proxy; any other connection is its own client', async () => {
    const seen = await headersSeen({ 'x-forwarded-for': '203.0.113.77, 192.0.2.10' });
    expect(requestMetaFrom(seen, listedProxies('127.0.0.0/8')).ip).toBe('192.0.2.10');
    expect(requestMetaFrom(seen, listedProxies('127.0.0.1, ::1')).ip).toBe('192.0.2.10');
    expect(requestMetaFrom(seen, listedProxies('10.0.0.0/8, fd00::/8')).ip).toBe('127.0.0.1');
  });

  it('is unknown (null), never X-Forwarded-For, when the server did not record the connection', () => {
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '192.0.2.10' }), listedProxies('127.0.0.1'))).toBeNull();
  });

  it('names every entry that is not an address or CIDR block', () => {
    const problems: string[] = [];
    expect(parseTrustedProxies('10.0.0.0/8, proxy.internal, 10.0.0.1/33, ::1/129, 1.2.3.4/8/1', problems)?.entries).toEqual(['10.0.0.0/8']);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('"proxy.internal"');
    // An empty list is named even when other settings were refused before it.
    const none: string[] = ['an earlier problem'];
    expect(parseTrustedProxies(' , ', none)).toBeNull();
    expect(none).toEqual(['an earlier problem', 'TRUSTED_PROXIES is set but names no address']);
    // Zone ids and brackets are accepted as the audit filter accepts them.
    expect(parseTrustedProxies('[fe80::1%eth0]/64', [])?.entries).toEqual(['fe80::1/64']);
  });
});

