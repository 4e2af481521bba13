/** Server actions return this instead of throwing, so the browser gets a clear message and never a stack trace. */
import 'server-only';
import { describeError } from './error-response';
import { currentRequestMeta } from './current-request';

export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; issues?: { path: string; message: string }[] };

export async function runAction<T>(fn: () => Promise<T>): Promise<TActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    const { requestId } = await currentRequestMeta();
    const { body } = describeError(e, requestId);
    return { ok: false, ...body.error };
  }
}
