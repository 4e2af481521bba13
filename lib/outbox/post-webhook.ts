/**
 * One HTTP delivery attempt. Redirects are not followed (a receiver cannot bounce signed
 * payloads elsewhere); only a 2xx counts as delivered; the receiver's body is never read into
 * logs or the database (it could echo anything back).
 */
import 'server-only';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export type TWebhookTarget = { url: string; secret: string; timeoutMs?: number };
export type TPostResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

export async function postWebhook(target: TWebhookTarget, body: string, idempotencyKey: string, nowMs = Date.now()): Promise<TPostResult> {
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Countersign-Webhooks/1',
        'idempotency-key': idempotencyKey,
        [SIGNATURE_HEADER]: signWebhook(target.secret, body, nowMs),
      },
      body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `receiver answered HTTP ${res.status}` };
  } catch (e) {
    const name = e instanceof Error ? e.name : 'Error';
    return { ok: false, error: name === 'TimeoutError' ? 'receiver did not answer in time' : `could not reach the receiver (${name})` };
  }
}
