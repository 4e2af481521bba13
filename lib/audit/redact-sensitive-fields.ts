/**
 * Redaction of secrets and personal data before anything reaches the audit log. The log is
 * append-only and can never be cleaned up afterwards, so this errs towards redacting:
 * a key is sensitive when one of its words (camelCase, snake_case, kebab-case or dotted)
 * or a known compound names a secret, a credential or personal data (PCI DSS 3.3/3.4,
 * GDPR data minimisation). Values are replaced by "[redacted]"; the key stays, so the log
 * still shows *that* a field changed.
 */

export const REDACTED = '[redacted]';

/** Single words that make a key sensitive wherever they appear in it. */
const SENSITIVE_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwords', 'passphrase', 'passcode', 'pin',
  'signature', 'challenge', 'assertion', 'attestation', 'cookie', 'cookies', 'authorization', 'otp', 'totp', 'seed',
  'email', 'emails', 'mail', 'phone', 'phones', 'mobile', 'msisdn', 'address', 'addresses', 'street', 'postcode', 'zip',
  'dob', 'birthdate', 'birthday', 'pan', 'card', 'cards', 'cvv', 'cvc', 'cvv2', 'iban', 'bic', 'ssn', 'passport',
  'nin', 'salary',
]);

/** Compounds (words joined, lower-cased) that are sensitive although their parts are not. */
const SENSITIVE_COMPOUNDS = [
  'publickey', 'privatekey', 'apikey', 'secretkey', 'signingkey', 'accesskey', 'dateofbirth', 'birthdate',
  'accountnumber', 'routingnumber', 'sortcode', 'taxid', 'nationalid', 'customername', 'fullname', 'firstname',
  'lastname', 'givenname', 'familyname', 'middlename', 'maidenname', 'legalname', 'holdername', 'cardholder',
  'credentialpublickey', 'clientdatajson', 'authenticatordata',
];

/** Keys whose value is a person's name when the record describes a person (see `redactPersonNames`). */
const PERSON_NAME_KEYS = new Set(['name', 'displayname', 'names']);

export type TRedactOptions = {
  /**
   * Also redact bare `name`/`displayName`. On by default: a customer's or cardholder's name is
   * PII. The audit writer turns it off only for targets whose names are labels, not people
   * (a passkey called "Work laptop", a role called "Auditor").
   */
  redactPersonNames?: boolean;
};

function splitWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True when a key names a secret, credential or personal data. Exported for tests and the log browser. */
export function isSensitiveKey(key: string, opts: TRedactOptions = {}): boolean {
  const words = splitWords(key);
  const joined = words.join('');
  if (words.some((w) => SENSITIVE_WORDS.has(w))) return true;
  if (SENSITIVE_COMPOUNDS.some((c) => joined.includes(c))) return true;
  // Catch concatenated forms such as `accesstoken` or `userpassword` that split into one word.
  if (/token|secret|passw|email|signature|challenge/.test(joined)) return true;
  return (opts.redactPersonNames ?? true) && PERSON_NAME_KEYS.has(joined);
}

/**
 * A deep copy of `value` with the values of sensitive keys replaced by "[redacted]"
 * (recursively through nested objects and arrays; the input is not modified).
 */
export function redactSensitiveFields<T>(value: T, opts: TRedactOptions = {}): T {
  return redactValue(value, opts) as T;
}

function redactValue(value: unknown, opts: TRedactOptions): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, opts));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSensitiveKey(key, opts) ? (v === null || v === undefined ? v : REDACTED) : redactValue(v, opts);
  }
  return out;
}
