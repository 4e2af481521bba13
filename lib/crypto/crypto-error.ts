/**
 * A ciphertext that cannot be trusted or opened. Deliberately not an AppError: it is an
 * internal fault (tampered data, wrong AAD, lost key), so callers answer "Something went
 * wrong" and the log carries the code — never the plaintext or the key.
 */
export type TCryptoErrorCode =
  /** The envelope is not in the `enc:v1:<key id>:<data>` format or is too short. */
  | 'MALFORMED'
  /** The envelope names a key id that is not configured (key removed too early). */
  | 'UNKNOWN_KEY'
  /** GCM authentication failed: ciphertext, IV, tag or AAD (table/column/row) changed. */
  | 'TAMPERED';

export class CryptoError extends Error {
  constructor(
    readonly code: TCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}
