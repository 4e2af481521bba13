/** Turns any thrown value into a safe, clear answer: AppError → its code and message; anything else → a reference only. */
import { ZodError } from 'zod';
import { AppError, isAppError, validationError } from '@/lib/errors';
import { requestLogger } from '@/lib/log/logger';

export type TErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

export function toAppErrorOrNull(e: unknown): AppError | null {
  if (isAppError(e)) return e;
  if (e instanceof ZodError) return validationError(e.issues);
  return null;
}

export function describeError(e: unknown, requestId: string): { status: number; body: TErrorBody; retryAfter?: number } {
  const app = toAppErrorOrNull(e);
  if (app) {
    return {
      status: app.status,
      body: { error: { code: app.code, message: app.message, ...(app.details?.issues ? { issues: app.details.issues } : {}) } },
      retryAfter: app.details?.retryAfterSeconds,
    };
  }
  requestLogger(requestId).error({ err: e }, 'unhandled error');
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: `Something went wrong (ref: ${requestId})` } },
  };
}
