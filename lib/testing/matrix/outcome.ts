/** What an endpoint answered, in one shape for server actions and route handlers. */
import { APP_ERROR_STATUS, type TAppErrorCode } from '@/lib/errors';
import type { TDb } from '@/db/types';
import type { TCast, TCellPrincipal } from './principals';
import type { TTargetType } from './targets';

export type TOutcome = {
  /** HTTP status; for a server action the status its error code stands for (200 when ok). */
  status: number;
  /** AppError code (or INTERNAL) of a failure; null on success. */
  code: string | null;
  /** Server actions only: the `ok` flag of the result. */
  ok?: boolean;
};

type TActionResultLike = { ok: true } | { ok: false; code: string; message: string };

const isKnownCode = (code: string): code is TAppErrorCode => Object.hasOwn(APP_ERROR_STATUS, code);

export function outcomeOfAction(result: TActionResultLike): TOutcome {
  if (result.ok) return { status: 200, code: null, ok: true };
  return { status: isKnownCode(result.code) ? APP_ERROR_STATUS[result.code] : 500, code: result.code, ok: false };
}

export async function outcomeOfResponse(res: Response): Promise<TOutcome> {
  const text = await res.text();
  let code: string | null = null;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    code = typeof body.error?.code === 'string' ? body.error.code : null;
  } catch {
    code = null;
  }
  return { status: res.status, code: res.ok ? null : code };
}

/** Everything a driver may use to prepare one cell; `targetId` is set for endpoints that take a target. */
export type TCellSetup = { db: TDb; cast: TCast; principal: TCellPrincipal; targetId: string | null };

/** A prepared request: `call` runs the endpoint; `happened` (allow cells) says whether the effect is visible. */
export type TPreparedCall = { call: () => Promise<TOutcome>; happened?: () => Promise<boolean> };

/** How to call one endpoint: the target it takes, and the preparation of one request. */
export type TEndpointDriver = { target: TTargetType | null; prepare: (setup: TCellSetup) => Promise<TPreparedCall> };
