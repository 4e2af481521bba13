/**
 * Who is asking, from where: request id, client IP and user agent, read from the request
 * headers. Computed here rather than trusted from middleware, so a request that skipped the
 * middleware gets the same answer.
 */
import { randomUUID } from 'node:crypto';

export type TRequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Accepts an incoming request id only if it is a short safe token; otherwise makes one. */
export function normaliseRequestId(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The client address: the right-most X-Forwarded-For entry, i.e. the one added by the
 * nearest hop (Next itself when serving directly, HAProxy with `option forwardfor` in
 * production). Left-most entries are client-controlled and ignored.
 */
export function clientIpFrom(forwardedFor: string | null | undefined): string | null {
  if (!forwardedFor) return null;
  const parts = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean);
  const last = parts.at(-1);
  if (!last || last.length > 64 || !/^[0-9A-Fa-f:.[\]%a-z]+$/.test(last)) return null;
  return last.replace(/^::ffff:/, '');
}

export function requestMetaFrom(h: Headers): TRequestMeta {
  return {
    requestId: normaliseRequestId(h.get('x-request-id')),
    ip: clientIpFrom(h.get('x-forwarded-for')),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
  };
}
