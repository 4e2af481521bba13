/**
 * The AAGUID allow-list (WEBAUTHN_AAGUID_ALLOWLIST) only means something when the AAGUID is
 * vouched for: the authenticator data is written by the client, so an AAGUID under `none` or
 * self attestation is a claim anyone can make. With the list set, a new passkey must carry an
 * attestation certificate chain that verifies against WEBAUTHN_ATTESTATION_ROOTS, and must be
 * device-bound (the list promises device-bound keys). Without the list nothing changes.
 */
import 'server-only';
import { SettingsService, type VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

type TRegistrationInfo = NonNullable<VerifiedRegistrationResponse['registrationInfo']>;

/** Every attestation format SimpleWebAuthn checks a certificate path for. */
const CHAINED_FORMATS = ['packed', 'fido-u2f', 'tpm', 'android-key', 'android-safetynet', 'apple'] as const;
const LIBRARY_DEFAULT_ROOTS = new Map(CHAINED_FORMATS.map((f) => [f, SettingsService.getRootCertificates({ identifier: f })]));

/**
 * Puts the trust anchors in place before a registration is verified. SimpleWebAuthn skips the
 * path check when a format has no roots, so with the allow-list set the configured roots (env
 * refuses an allow-list without them) replace the library's for every format.
 */
export function applyAttestationRoots(): void {
  const { aaguidAllowList, attestationRootsDer } = env();
  const configured = aaguidAllowList.length > 0 ? attestationRootsDer.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))) : null;
  for (const identifier of CHAINED_FORMATS) {
    SettingsService.setRootCertificates({ identifier, certificates: configured ?? LIBRARY_DEFAULT_ROOTS.get(identifier)! });
  }
}

const refuse = (message: string) => new AppError('PASSKEY_REJECTED', message);

/** Throws PASSKEY_REJECTED unless a verified registration satisfies the allow-list policy. */
export function assertAllowedAuthenticator(info: TRegistrationInfo): void {
  const allow = env().aaguidAllowList;
  if (allow.length === 0) return;
  if (info.fmt === 'none') throw refuse('This console only accepts authenticators that prove their model (attestation). Allow attestation when your browser asks, or use an approved security key.');
  const x5c = decodeAttestationObject(info.attestationObject).get('attStmt').get('x5c');
  // No x5c = self attestation (or a format whose chain SimpleWebAuthn cannot check against our roots).
  if (!x5c || x5c.length === 0) throw refuse('This authenticator vouched for itself only; an approved security key is required.');
  if (info.credentialDeviceType !== 'singleDevice' || info.credentialBackedUp) {
    throw refuse('Synced passkeys are not allowed here; use an approved device-bound security key.');
  }
  if (!allow.includes(info.aaguid.toLowerCase())) throw refuse('This authenticator model is not on the allowed list for this console.');
}
