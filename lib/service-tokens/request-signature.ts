/**
 * HMAC-SHA256 request signatures: `X-Signature-Timestamp: <unix seconds>` and
 * `X-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The body is the
 * bytes received (a leading BOM is refused before this check, see read-limited-body.ts); the
 * timestamp is 1–12 digits without leading zeros, so one signature has one accepted header.
 * A timestamp more than 5 minutes from the server clock is refused, so a captured request
 * cannot be replayed later.
 * Only the timestamp and body are signed: not the method, path, content type or
 * Idempotency-Key. Within the window, a replay with the SAME Idempotency-Key returns the first
 * response (idempotency keys are per token); a replay with a NEW key is refused by the
 * externalId uniqueness (409 CONFLICT), not by the signature. Either way nothing is ingested
 * twice, but that rests on externalId being unique, not on the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'x-signature-timestamp';
export const REPLAY_WINDOW_SECONDS = 300;
/** Unix seconds, 1–12 digits, no leading zero (also the OpenAPI pattern). */
export const SIGNATURE_TIMESTAMP_RE = /^[1-9][0-9]{0,11}$/;

export function signRequest(secret: string, timestamp: number, rawBody: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

export type TSignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function checkRequestSignature(
  secret: string,
  headers: { signature: string | null; timestamp: string | null },
  rawBody: string,
  nowMs: number,
): TSignatureCheck {
  if (!headers.signature && !headers.timestamp) return { ok: false, reason: 'missing' };
  if (!headers.signature || !headers.timestamp || !SIGNATURE_TIMESTAMP_RE.test(headers.timestamp)) return { ok: false, reason: 'malformed' };
  const m = /^v1=([0-9a-f]{64})$/.exec(headers.signature.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const ts = Number(headers.timestamp);
  if (Math.abs(nowMs / 1000 - ts) > REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signRequest(secret, ts, rawBody).slice(3), 'hex');
  const given = Buffer.from(m[1] as string, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
