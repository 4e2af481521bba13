/**
 * WEBAUTHN_ATTESTATION_ROOTS (lib/env.ts): the certificate authorities whose attestation chains
 * vouch for an authenticator's model when WEBAUTHN_AAGUID_ALLOWLIST is set. One or more PEM
 * certificates, or the base64 of that PEM text (like AUDIT_SIGNING_KEY).
 */
import { X509Certificate } from 'node:crypto';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** DER (base64) of each root; every problem is named in `problems`. */
export function parseAttestationRoots(text: string | undefined, allowListSet: boolean, problems: string[]): string[] {
  const raw = (text ?? '').trim();
  if (!raw) {
    if (allowListSet) {
      problems.push(
        'WEBAUTHN_AAGUID_ALLOWLIST is set but WEBAUTHN_ATTESTATION_ROOTS is not: without trusted roots the AAGUID is only the client\'s claim. Set the vendors\' attestation root certificates (PEM), or remove the allow-list',
      );
    }
    return [];
  }
  const pem = raw.includes('BEGIN') ? raw.replace(/\\n/g, '\n') : Buffer.from(raw, 'base64').toString('utf8');
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) problems.push('WEBAUTHN_ATTESTATION_ROOTS holds no PEM certificate');
  const roots: string[] = [];
  blocks.forEach((block, i) => {
    try {
      roots.push(new X509Certificate(block).raw.toString('base64'));
    } catch {
      problems.push(`WEBAUTHN_ATTESTATION_ROOTS: certificate ${i + 1} cannot be parsed`);
    }
  });
  return roots;
}
