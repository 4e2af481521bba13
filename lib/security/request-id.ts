/**
 * Request ids for middleware (Edge-safe twin of lib/http/request-meta.ts's
 * normaliseRequestId, which uses node:crypto). Same rule: an incoming id is kept only if it
 * is a short token of safe characters, so it cannot inject into logs or headers.
 */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function acceptOrCreateRequestId(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
