/**
 * AES-256-GCM field encryption for PII at rest (PCI DSS 3.5 / GDPR art. 32). Random 96-bit IV
 * per value; AAD binds table, column and row id, so a ciphertext copied to another row or
 * column does not decrypt. Decryption failures throw CryptoError, never return garbage.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CryptoError } from './crypto-error';
import { formatEnvelope, IV_BYTES, parseEnvelope, TAG_BYTES } from './envelope';
import { getPiiKeyring } from './get-pii-keyring';
import type { TPiiKeyring } from './keyring';

export type TFieldContext = { table: string; column: string; rowId: string };

function aadOf(ctx: TFieldContext): Buffer {
  // JSON array: unambiguous even if a name contains the separator.
  return Buffer.from(JSON.stringify(['countersign-pii', ctx.table, ctx.column, ctx.rowId]), 'utf8');
}

export function encryptField(input: TFieldContext & { plaintext: string }, keyring: TPiiKeyring = getPiiKeyring()): string {
  const keyId = keyring.activeKeyId;
  const key = keyring.keys.get(keyId);
  if (!key) throw new CryptoError('UNKNOWN_KEY', `Active PII key "${keyId}" is not configured`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(input));
  const ciphertext = Buffer.concat([cipher.update(input.plaintext, 'utf8'), cipher.final()]);
  return formatEnvelope({ keyId, iv, ciphertext, tag: cipher.getAuthTag() });
}

export function decryptField(input: TFieldContext & { envelope: string }, keyring: TPiiKeyring = getPiiKeyring()): string {
  const e = parseEnvelope(input.envelope);
  const key = keyring.keys.get(e.keyId);
  if (!key) throw new CryptoError('UNKNOWN_KEY', `PII key "${e.keyId}" is not configured (still needed to read this field)`);
  // authTagLength pins the tag to 16 bytes: a truncated tag must not be accepted.
  const decipher = createDecipheriv('aes-256-gcm', key, e.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(input));
  decipher.setAuthTag(e.tag);
  try {
    return Buffer.concat([decipher.update(e.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CryptoError('TAMPERED', `Encrypted ${input.table}.${input.column} failed authentication (tampered or moved)`);
  }
}

/** Encrypts a value that may be absent (null stays null: no ciphertext for nothing). */
export function encryptOptionalField(
  input: TFieldContext & { plaintext: string | null | undefined },
  keyring?: TPiiKeyring,
): string | null {
  if (input.plaintext === null || input.plaintext === undefined) return null;
  return encryptField({ ...input, plaintext: input.plaintext }, keyring);
}

/** Moves a field to the active key (no-op when it is already there). */
export function reencryptField(input: TFieldContext & { envelope: string }, keyring: TPiiKeyring = getPiiKeyring()): string {
  if (parseEnvelope(input.envelope).keyId === keyring.activeKeyId) return input.envelope;
  return encryptField({ ...input, plaintext: decryptField(input, keyring) }, keyring);
}
