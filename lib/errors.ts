/**
 * One error type for everything the user can be told about. Each code says what the caller
 * did wrong; anything that is not an AppError is an internal fault and is reported only as
 * "Something went wrong (ref: <request id>)" with details in the log.
 */
export const APP_ERROR_STATUS = {
  /** Input failed validation (bad shape, unknown field, value out of range). */
  VALIDATION: 422,
  /** The request body or parameters could not be parsed at all. */
  BAD_REQUEST: 400,
  /** No session, or the session ended (signed out, revoked, expired). */
  UNAUTHENTICATED: 401,
  /** The session was idle too long; re-authenticate with the passkey to continue. */
  SESSION_IDLE: 401,
  /** Signed in, but this action is not permitted for the actor. */
  FORBIDDEN: 403,
  /** A passkey confirmation within the last few minutes is required for this action. */
  STEP_UP_REQUIRED: 403,
  /** The thing asked for does not exist (or the actor may not know it exists). */
  NOT_FOUND: 404,
  /** The state changed underneath (already used, already decided, version mismatch). */
  CONFLICT: 409,
  /** The one-time link or challenge is expired, used or revoked. */
  GONE: 410,
  /** The passkey ceremony failed (wrong authenticator, no user verification, replay). */
  PASSKEY_REJECTED: 401,
  /** Too many attempts; wait for the time in Retry-After. */
  RATE_LIMITED: 429,
  /** The body is larger than this endpoint accepts. */
  PAYLOAD_TOO_LARGE: 413,
  /** The request's content type is not accepted here. */
  UNSUPPORTED_MEDIA_TYPE: 415,
} as const;

export type TAppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    readonly details?: { retryAfterSeconds?: number; issues?: { path: string; message: string }[] },
  ) {
    super(message);
    this.name = 'AppError';
    this.status = APP_ERROR_STATUS[code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A zod error as a VALIDATION AppError with one line per issue. */
export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const list = issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  return new AppError('VALIDATION', list.map((i) => `${i.path}: ${i.message}`).join('; '), { issues: list });
}
