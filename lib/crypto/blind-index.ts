/**
 * Blind indexes: HMAC-SHA256 (a key separate from the encryption keys) over a normalised
 * email or phone, so equal values can be looked up without decrypting. Kind is part of the
 * MAC input, so an email and a phone with the same text never share an index value.
 */
import 'server-only';
import { createHmac } from 'node:crypto';
import { getPiiKeyring } from './get-pii-keyring';
import type { TPiiKeyring } from './keyring';

export type TBlindIndexKind = 'email' | 'phone';

export function normaliseEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** E.164-ish: digits only, "+" kept for international form ("00" read as "+"). */
export function normalisePhone(value: string): string {
  const v = value.normalize('NFKC').trim();
  const digits = v.replace(/\D/g, '');
  if (v.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}

export function blindIndex(kind: TBlindIndexKind, value: string, keyring: TPiiKeyring = getPiiKeyring()): string {
  const normalised = kind === 'email' ? normaliseEmail(value) : normalisePhone(value);
  return createHmac('sha256', keyring.blindIndexKey).update(`${kind}\0${normalised}`, 'utf8').digest('base64url');
}
