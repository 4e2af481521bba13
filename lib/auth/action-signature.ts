/**
 * Passkey-signed actions: the WebAuthn challenge is SHA-256 over a domain-separated canonical
 * JSON of {domain, payload, nonce}, so the signature binds exactly that payload. Single use;
 * verified against the signer's own credential; the proof can be checked offline later.
 */
import 'server-only';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { and, eq, isNull } from 'drizzle-orm';
import { passkeys } from '@/db/schema';
import type { TDb } from '@/db/types';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { issueChallenge } from './challenge-store';
import type { TActor } from './current-staff';
import { randomToken, sha256 } from './tokens';
import { AssertionRejected, verifyAssertion } from './verify-assertion';
import { relyingParty } from './webauthn-rp';
import type { TAuthenticationResponse } from './webauthn-schemas';

const DOMAIN_PREFIX = 'countersign/action-signature/v1';

export function actionChallenge(domain: string, payload: unknown, nonce: string): string {
  return sha256(canonicalJson({ domain: `${DOMAIN_PREFIX}:${domain}`, nonce, payload })).toString('base64url');
}

export async function createActionSignatureOptions(
  db: TDb,
  input: { actor: TActor; bindingHash: string; domain: string; payload: unknown },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const nonce = randomToken();
  const challenge = actionChallenge(input.domain, input.payload, nonce);
  const mine = await db
    .select({ id: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(and(eq(passkeys.staffId, input.actor.staff.id), isNull(passkeys.suspendedAt)));
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    challenge: Buffer.from(challenge, 'base64url'),
    userVerification: 'required',
    allowCredentials: mine.map((c) => ({ id: c.id, transports: c.transports })),
    timeout: 120_000,
  });
  await issueChallenge(db, {
    challenge: options.challenge,
    purpose: 'sign-action',
    bindingHash: input.bindingHash,
    staffId: input.actor.staff.id,
    context: { domain: input.domain, nonce },
  });
  return options;
}

export type TActionSignatureProof = {
  credentialId: string;
  passkeyId: string;
  authenticatorData: string;
  clientDataJSON: string;
  signature: string;
  challenge: string;
  nonce: string;
  domain: string;
};

/** Verifies that `response` signs exactly `payload` for `domain`; throws PASSKEY_REJECTED otherwise. */
export async function verifyActionSignature(
  db: TDb,
  input: { actor: TActor; bindingHash: string; domain: string; payload: unknown; response: TAuthenticationResponse },
): Promise<TActionSignatureProof> {
  const verified = await verifyAssertion(db, { response: input.response, purpose: 'sign-action', bindingHash: input.bindingHash, meta: input.actor.meta });
  if (verified.staff.id !== input.actor.staff.id) throw new AssertionRejected('Sign with your own passkey.', 'wrong_staff', input.actor.staff.id);
  const nonce = String(verified.context.nonce ?? '');
  const expected = actionChallenge(input.domain, input.payload, nonce);
  const signed = JSON.parse(Buffer.from(input.response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge: string };
  if (verified.context.domain !== input.domain || signed.challenge !== expected) {
    throw new AssertionRejected('The passkey signed a different action than the one submitted.', 'payload_mismatch', input.actor.staff.id);
  }
  return {
    credentialId: verified.passkey.credentialId,
    passkeyId: verified.passkey.id,
    authenticatorData: input.response.response.authenticatorData,
    clientDataJSON: input.response.response.clientDataJSON,
    signature: input.response.response.signature,
    challenge: expected,
    nonce,
    domain: input.domain,
  };
}
