/**
 * Who is asking, from where: request id, client IP and user agent, read from the request
 * headers. Computed here rather than trusted from middleware, so a request that skipped the
 * middleware gets the same answer.
 *
 * The client IP depends on TRUST_PROXY (lib/env.ts):
 * - unset (no proxy in front): the address of the connection itself, which peer-address.ts
 *   puts in PEER_ADDRESS_HEADER for every request (replacing anything the client sent there).
 *   X-Forwarded-For is ignored: Next only fills it in when the client did not send one
 *   (`??=`), so any value in it may be the client's own invention. No header, no address.
 * - set (a reverse proxy such as HAProxy with `option forwardfor` is the only way in): the
 *   right-most X-Forwarded-For entry, the one the nearest hop (the proxy) appended. Entries to
 *   its left are client-controlled and ignored. With TRUSTED_PROXIES as well, only a connection
 *   from one of those addresses may name the client; any other is its own client
 *   (trusted-proxies.ts).
 */
import { randomUUID } from 'node:crypto';
import { env } from '@/lib/env';
import { logger } from '@/lib/log/logger';
import { isTrustedProxy, type TTrustedProxies } from './trusted-proxies';

export type TRequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

/** Whom the app believes about the client's address: TRUST_PROXY and TRUSTED_PROXIES (lib/env.ts). */
export type TProxyTrust = { trustProxy: boolean; trustedProxies: TTrustedProxies | null };

/** Set by the server on every request to the address of its connection (peer-address.ts). */
export const PEER_ADDRESS_HEADER = 'x-countersign-peer-address';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Accepts an incoming request id only if it is a short safe token; otherwise makes one. */
export function normaliseRequestId(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** An address as recorded: plausible characters only, IPv4-mapped IPv6 as plain IPv4; null otherwise. */
function recordedAddress(value: string | undefined): string | null {
  if (!value || value.length > 64 || !/^[0-9A-Fa-f:.[\]%a-z]+$/.test(value)) return null;
  return value.replace(/^::ffff:/, '');
}

let proxyHintGiven = false;

/**
 * Once per process: a request whose X-Forwarded-For names another address than its connection,
 * with TRUST_PROXY unset. Either a client wrote the header (ignored, as it should be) or the app
 * runs behind a proxy it was not told about, and then every request looks as if it came from
 * the proxy (one sign-in throttle for everybody). The addresses themselves are not logged.
 */
function hintAtUntrustedProxy(h: Headers, peer: string | null): void {
  if (proxyHintGiven || !peer) return;
  const forwarded = h.get('x-forwarded-for')?.split(',').map((s) => s.trim().replace(/^::ffff:/, ''));
  if (!forwarded || forwarded.every((a) => a === peer)) return;
  proxyHintGiven = true;
  logger().warn('X-Forwarded-For names another address than the connection and is ignored because TRUST_PROXY is unset; set TRUST_PROXY=true if a reverse proxy is the only way in');
}

/** Test hook: the next mismatch is pointed out again. */
export function resetProxyHintForTests(): void {
  proxyHintGiven = false;
}

/** The client address under the TRUST_PROXY / TRUSTED_PROXIES settings (see the header comment). */
export function clientIpFrom(h: Headers, trust: TProxyTrust): string | null {
  const peer = recordedAddress(h.get(PEER_ADDRESS_HEADER)?.trim());
  if (!trust.trustProxy) {
    hintAtUntrustedProxy(h, peer);
    return peer;
  }
  // A listed proxy is the only connection allowed to name the client; anyone else is their own client.
  if (trust.trustedProxies && (!peer || !isTrustedProxy(trust.trustedProxies, peer))) return peer;
  const parts = (h.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return recordedAddress(parts.at(-1));
}

export function requestMetaFrom(h: Headers, trust: TProxyTrust = env()): TRequestMeta {
  return {
    requestId: normaliseRequestId(h.get('x-request-id')),
    ip: clientIpFrom(h, trust),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
  };
}
