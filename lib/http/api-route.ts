/**
 * Wrapper for route handlers (public endpoints): every answer is JSON, errors never leak
 * internals, and the request id travels back in `x-request-id`.
 */
import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { AppError } from '@/lib/errors';
import { describeError } from './error-response';
import { readLimitedText } from './read-limited-body';
import { requestMetaFrom, type TRequestMeta } from './request-meta';

export type TRouteContext<P> = { meta: TRequestMeta; params: P };

export function apiRoute<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: TRouteContext<P>) => Promise<Response | object | null>,
) {
  return async (req: NextRequest, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const meta = requestMetaFrom(req.headers);
    try {
      const params = routeCtx?.params ? await routeCtx.params : ({} as P);
      const out = await handler(req, { meta, params });
      const res = out instanceof Response ? out : NextResponse.json(out ?? { ok: true });
      res.headers.set('x-request-id', meta.requestId);
      return res;
    } catch (e) {
      const { status, body, retryAfter } = describeError(e, meta.requestId);
      const res = NextResponse.json(body, { status });
      res.headers.set('x-request-id', meta.requestId);
      if (retryAfter) res.headers.set('Retry-After', String(retryAfter));
      return res;
    }
  };
}

/** Parses a JSON body with a size limit; malformed → 400, too large → 413, wrong type → 415. */
export async function readJsonBody(req: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  const text = await readLimitedText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_REQUEST', `Malformed JSON: ${(e as Error).message.slice(0, 120)}`);
  }
}

