'use client';
/**
 * Browser side of a signed decision: fetch the single-use challenge for exactly this
 * (request, version, step, decision, payload hash), check it names what the dialog showed,
 * ask the passkey, send the assertion. Answers `{ ok }` or a clear message; never throws.
 */
import { startAuthentication } from '@simplewebauthn/browser';

export type TDecisionRequest = { requestId: string; version: number; step: number; decision: 'approve' | 'reject'; payloadHash: string; comment: string };
export type TSignResult = { ok: true; status: string; executed: boolean; error: string | null } | { ok: false; message: string };

type TOptionsAnswer = { options: Parameters<typeof startAuthentication>[0]['optionsJSON']; signed: { requestId: string; version: number; step: number; decision: string; payloadHash: string } };

async function post<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
    return res.ok ? { ok: true, data: json } : { ok: false, message: json.error?.message ?? `Request failed (${res.status})` };
  } catch {
    return { ok: false, message: 'The console could not be reached. Check your connection and try again.' };
  }
}

export async function signDecision(d: TDecisionRequest): Promise<TSignResult> {
  const base = `/api/approvals/${encodeURIComponent(d.requestId)}`;
  const options = await post<TOptionsAnswer>(`${base}/signature-options`, { version: d.version, step: d.step, decision: d.decision });
  if (!options.ok) return options;
  const s = options.data.signed;
  // The passkey signs what the server names; refuse if that is not what the dialog showed.
  if (s.requestId !== d.requestId || s.version !== d.version || s.step !== d.step || s.decision !== d.decision || s.payloadHash !== d.payloadHash) {
    return { ok: false, message: 'The request changed while the dialog was open. Reload the page and review it again.' };
  }
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options.data.options });
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    return { ok: false, message: name === 'NotAllowedError' || name === 'AbortError' ? 'The passkey prompt was cancelled or timed out.' : 'The passkey could not sign the decision.' };
  }
  const decided = await post<{ status: string; executed: boolean; error: string | null }>(`${base}/decision`, { version: d.version, step: d.step, decision: d.decision, comment: d.comment, response });
  return decided.ok ? { ok: true, ...decided.data } : decided;
}
