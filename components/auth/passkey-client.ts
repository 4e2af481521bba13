'use client';
/**
 * Browser side of the passkey ceremonies. Every call answers `{ ok: true }` or a clear
 * message; nothing throws into React.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { signIn } from 'next-auth/react';

export type TPasskeyResult<T = undefined> = { ok: true; data: T } | { ok: false; code: string; message: string };

type TErrorBody = { error?: { code?: string; message?: string } };

async function postJson<T>(url: string, body: unknown): Promise<TPasskeyResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  } catch {
    return { ok: false, code: 'NETWORK', message: 'The console could not be reached. Check your connection and try again.' };
  }
  const json = (await res.json().catch(() => ({}))) as T & TErrorBody;
  if (!res.ok) {
    return { ok: false, code: json.error?.code ?? 'ERROR', message: json.error?.message ?? `Request failed (${res.status})` };
  }
  return { ok: true, data: json };
}

function ceremonyError(e: unknown): { ok: false; code: string; message: string } {
  const name = e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return { ok: false, code: 'CANCELLED', message: 'The passkey prompt was cancelled or timed out.' };
  }
  if (name === 'InvalidStateError') {
    return { ok: false, code: 'DUPLICATE', message: 'This authenticator already holds a passkey for this account.' };
  }
  return { ok: false, code: 'PASSKEY', message: e instanceof Error ? e.message : 'The passkey ceremony failed.' };
}

async function completeSignIn(credentials: Record<string, string>): Promise<TPasskeyResult> {
  const result = await signIn('passkey', { ...credentials, redirect: false });
  if (!result || result.error) {
    return { ok: false, code: 'PASSKEY_REJECTED', message: result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Sign-in was refused.' };
  }
  return { ok: true, data: undefined };
}

/** Fetches request options from `url` and asks the authenticator for an assertion. */
async function assertWith(url: string): Promise<TPasskeyResult<string>> {
  const options = await postJson<Parameters<typeof startAuthentication>[0]['optionsJSON']>(url, {});
  if (!options.ok) return options;
  try {
    return { ok: true, data: JSON.stringify(await startAuthentication({ optionsJSON: options.data })) };
  } catch (e) {
    return ceremonyError(e);
  }
}

/** Sign in (or unlock a locked session) with a discoverable passkey. */
export async function signInWithPasskey(): Promise<TPasskeyResult> {
  const assertion = await assertWith('/api/passkeys/authenticate/options');
  if (!assertion.ok) return assertion;
  return completeSignIn({ kind: 'assertion', response: assertion.data });
}

export const unlockWithPasskey = signInWithPasskey;

/** Registers a passkey for a setup link, an invite, or (signed in) an extra passkey. */
export async function registerPasskey(
  request: { flow: 'setup'; token: string; name: string; email: string } | { flow: 'invite' | 'recovery'; token: string } | { flow: 'add' },
): Promise<TPasskeyResult> {
  const options = await postJson<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/passkeys/register/options', request);
  if (!options.ok) return options;
  let attestation;
  try {
    attestation = await startRegistration({ optionsJSON: options.data });
  } catch (e) {
    return ceremonyError(e);
  }
  const { name: _n, email: _e, ...rest } = request as Record<string, string>;
  void _n;
  void _e;
  const verified = await postJson<{ ticket?: string }>('/api/passkeys/register/verify', { ...rest, response: attestation });
  if (!verified.ok) return verified;
  if (verified.data.ticket) return completeSignIn({ kind: 'ticket', ticket: verified.data.ticket });
  return { ok: true, data: undefined };
}

/** Confirms presence with the signed-in person's passkey (step-up for sensitive actions). */
export async function confirmWithPasskey(): Promise<TPasskeyResult> {
  const assertion = await assertWith('/api/passkeys/step-up/options');
  if (!assertion.ok) return assertion;
  const verified = await postJson<{ confirmedAt: string }>('/api/passkeys/step-up/verify', { response: JSON.parse(assertion.data) as unknown });
  return verified.ok ? { ok: true, data: undefined } : verified;
}

/** Runs an action; if the server asks for a recent passkey, confirms and runs it once more. */
export async function withStepUp<T extends { ok: boolean; code?: string }>(run: () => Promise<T>): Promise<T | { ok: false; code: string; message: string }> {
  const first = await run();
  if (first.ok || first.code !== 'STEP_UP_REQUIRED') return first;
  const confirmed = await confirmWithPasskey();
  if (!confirmed.ok) return confirmed;
  return run();
}
