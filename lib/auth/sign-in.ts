/**
 * Passkey sign-in: options (discoverable credential, user verification required) and the
 * verification that opens a new session. Every outcome is audited; failures count toward
 * the per-IP throttle.
 */
import 'server-only';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { consumeChallenge, issueChallenge } from './challenge-store';
import { createSession, type TSessionRow } from './sessions';
import { assertSignInAllowed, limitSignInOptions, recordSignInFailure } from './sign-in-throttle';
import { AssertionRejected, verifyAssertion } from './verify-assertion';
import { relyingParty } from './webauthn-rp';
import type { TAuthenticationResponse } from './webauthn-schemas';
import { AppError } from '@/lib/errors';

export async function startPasskeySignIn(
  db: TDb,
  input: { bindingHash: string; meta: TRequestMeta; purpose?: 'authenticate' | 'step-up'; staffId?: string },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if ((input.purpose ?? 'authenticate') === 'authenticate') {
    await limitSignInOptions(db, input.meta.ip);
    await assertSignInAllowed(db, input.meta.ip);
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    userVerification: 'required',
    allowCredentials: [],
    timeout: 120_000,
  });
  await issueChallenge(db, {
    challenge: options.challenge,
    purpose: input.purpose ?? 'authenticate',
    bindingHash: input.bindingHash,
    staffId: input.staffId,
  });
  return options;
}

export async function signInWithPasskey(
  db: TDb,
  input: { response: TAuthenticationResponse; bindingHash: string; meta: TRequestMeta },
): Promise<TSessionRow> {
  await assertSignInAllowed(db, input.meta.ip);
  let verified;
  try {
    verified = await verifyAssertion(db, { response: input.response, purpose: 'authenticate', bindingHash: input.bindingHash, meta: input.meta });
  } catch (e) {
    if (e instanceof AssertionRejected) {
      await recordSignInFailure(db, { meta: input.meta, staffId: e.staffId, reason: e.reasonCode });
    }
    throw e;
  }
  return db.transaction(async (tx) => {
    const session = await createSession(tx, { staffId: verified.staff.id, passkeyId: verified.passkey.id, meta: input.meta });
    await appendAuditEvent(tx, {
      action: 'auth.sign_in.succeeded',
      actor: { type: 'staff', id: verified.staff.id },
      target: { type: 'session', id: session.id },
      result: 'success',
      meta: { ...input.meta, sessionId: session.id },
      authenticatorAaguid: verified.passkey.aaguid,
      data: { passkeyId: verified.passkey.id, method: 'passkey' },
    });
    return session;
  });
}

/** Issues a short-lived ticket right after enrolment so the new passkey's owner is signed in without a second prompt. */
export async function issueEnrolmentTicket(db: TDb, input: { staffId: string; passkeyId: string; bindingHash: string }): Promise<string> {
  const { challenge } = await issueChallenge(db, {
    purpose: 'enrolment-ticket',
    bindingHash: input.bindingHash,
    staffId: input.staffId,
    context: { passkeyId: input.passkeyId },
    ttlMs: 2 * 60 * 1000,
  });
  return challenge;
}

export async function signInWithEnrolmentTicket(
  db: TDb,
  input: { ticket: string; bindingHash: string; meta: TRequestMeta },
): Promise<TSessionRow> {
  const consumed = await consumeChallenge(db, { challenge: input.ticket, purpose: 'enrolment-ticket', bindingHash: input.bindingHash });
  const staffId = consumed.staffId;
  const passkeyId = typeof consumed.context.passkeyId === 'string' ? consumed.context.passkeyId : null;
  if (!staffId) throw new AppError('PASSKEY_REJECTED', 'This enrolment ticket is not valid.');
  return db.transaction(async (tx) => {
    const session = await createSession(tx, { staffId, passkeyId, meta: input.meta });
    await appendAuditEvent(tx, {
      action: 'auth.sign_in.succeeded',
      actor: { type: 'staff', id: staffId },
      target: { type: 'session', id: session.id },
      result: 'success',
      meta: { ...input.meta, sessionId: session.id },
      data: { passkeyId, method: 'enrolment' },
    });
    return session;
  });
}
