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
 *   its left are client-controlled and ignored.
 */
import { randomUUID } from 'node:crypto';
import { env } from '@/lib/env';

export type TRequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

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

/** The client address under the TRUST_PROXY setting (see the header comment). */
export function clientIpFrom(h: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return recordedAddress(h.get(PEER_ADDRESS_HEADER)?.trim());
  const parts = (h.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return recordedAddress(parts.at(-1));
}

export function requestMetaFrom(h: Headers, trustProxy: boolean = env().trustProxy): TRequestMeta {
  return {
    requestId: normaliseRequestId(h.get('x-request-id')),
    ip: clientIpFrom(h, trustProxy),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
  };
}
