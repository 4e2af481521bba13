/**
 * Passkey registration ceremonies: discoverable credential (resident key required), user
 * verification required, attestation `none` unless an AAGUID allow-list is configured (then a
 * verified certificate chain is required: attestation-trust.ts).
 * The enrolment flows (first admin, invite, add passkey) decide who the credential is for.
 */
import 'server-only';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { passkeys } from '@/db/schema';
import type { TDbOrTx, TTx } from '@/db/types';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { applyAttestationRoots, assertAllowedAuthenticator } from './attestation-trust';
import { challengeOf, consumeChallenge, issueChallenge } from './challenge-store';
import { relyingParty } from './webauthn-rp';
import type { TRegistrationResponse } from './webauthn-schemas';

export type TRegistrationContext = Record<string, string>;

export async function createRegistrationOptions(
  db: TDbOrTx,
  input: { bindingHash: string; userId: string; userName: string; displayName: string; context: TRegistrationContext; staffId?: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = input.staffId
    ? await db.select({ id: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.staffId, input.staffId))
    : [];
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: input.userName,
    userDisplayName: input.displayName,
    userID: new TextEncoder().encode(input.userId),
    attestationType: env().aaguidAllowList.length > 0 ? 'direct' : 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    timeout: 120_000,
  });
  await issueChallenge(db, {
    challenge: options.challenge,
    purpose: 'register',
    bindingHash: input.bindingHash,
    staffId: input.staffId,
    context: input.context,
  });
  return options;
}

export type TVerifiedRegistration = {
  context: TRegistrationContext;
  credential: { credentialId: string; publicKey: string; counter: number; transports: string[]; aaguid: string; deviceType: 'singleDevice' | 'multiDevice'; backedUp: boolean };
};

/** Burns the challenge, then verifies the attestation; throws PASSKEY_REJECTED on any problem. */
export async function verifyRegistration(
  db: TDbOrTx,
  input: { response: TRegistrationResponse; bindingHash: string },
): Promise<TVerifiedRegistration> {
  const challenge = challengeOf(input.response);
  const consumed = await consumeChallenge(db, { challenge, purpose: 'register', bindingHash: input.bindingHash });
  const rp = relyingParty();
  applyAttestationRoots();
  let result;
  try {
    result = await verifyRegistrationResponse({
      response: input.response as Parameters<typeof verifyRegistrationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch (e) {
    const uv = /user verification/i.test((e as Error).message);
    throw new AppError('PASSKEY_REJECTED', uv ? 'Your authenticator did not verify you (PIN or biometrics are required).' : 'The new passkey could not be verified.');
  }
  if (!result.verified) throw new AppError('PASSKEY_REJECTED', 'The new passkey could not be verified.');
  const info = result.registrationInfo;
  assertAllowedAuthenticator(info);
  return {
    context: consumed.context as TRegistrationContext,
    credential: {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: (input.response.response.transports ?? []).slice(0, 8),
      aaguid: info.aaguid,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
    },
  };
}

export function defaultPasskeyName(userAgent: string | null, backedUp: boolean): string {
  const ua = userAgent ?? '';
  const os = /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : 'device';
  return `${backedUp ? 'Synced passkey' : 'Passkey'} on ${os}`;
}

/** Inserts the credential; a duplicate credential id is a conflict, never a second owner. */
export async function storePasskey(
  tx: TTx,
  input: { staffId: string; credential: TVerifiedRegistration['credential']; name: string },
): Promise<typeof passkeys.$inferSelect> {
  const [row] = await tx
    .insert(passkeys)
    .values({ staffId: input.staffId, name: input.name, ...input.credential })
    .onConflictDoNothing({ target: passkeys.credentialId })
    .returning();
  if (!row) throw new AppError('CONFLICT', 'This passkey is already registered.');
  return row;
}
