/**
 * The stored form of an encrypted field: `enc:v1:<key id>:<base64url(IV ‖ ciphertext ‖ tag)>`.
 * Text, so it fits the schema's text columns, and the key id is readable without decrypting
 * (rotation finds rows not yet on the active key with a LIKE on the prefix).
 */
import { CryptoError } from './crypto-error';
import { KEY_ID_PATTERN } from './keyring';

export const ENVELOPE_VERSION = 'enc:v1';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export type TEnvelope = { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer };

export function envelopePrefix(keyId: string): string {
  return `${ENVELOPE_VERSION}:${keyId}:`;
}

export function formatEnvelope(e: TEnvelope): string {
  return envelopePrefix(e.keyId) + Buffer.concat([e.iv, e.ciphertext, e.tag]).toString('base64url');
}

export function parseEnvelope(text: string): TEnvelope {
  if (!text.startsWith(`${ENVELOPE_VERSION}:`)) throw new CryptoError('MALFORMED', 'Not an encrypted field (unknown envelope format)');
  const rest = text.slice(ENVELOPE_VERSION.length + 1);
  const colon = rest.indexOf(':');
  const keyId = colon < 0 ? '' : rest.slice(0, colon);
  const data = colon < 0 ? '' : rest.slice(colon + 1);
  if (!KEY_ID_PATTERN.test(keyId) || !/^[A-Za-z0-9_-]+$/.test(data)) {
    throw new CryptoError('MALFORMED', 'Encrypted field envelope is malformed');
  }
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new CryptoError('MALFORMED', 'Encrypted field envelope is too short');
  return {
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}

/** The key id an envelope was written with (for rotation progress), without decrypting. */
export function envelopeKeyId(text: string): string {
  return parseEnvelope(text).keyId;
}
