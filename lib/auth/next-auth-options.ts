/**
 * next-auth v4 carries the session cookie only. Its Credentials provider `passkey` verifies a
 * WebAuthn assertion (or consumes a one-time enrolment ticket) and opens a database session;
 * the encrypted JWT holds nothing but that session id. The database decides everything else.
 */
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { logger } from '@/lib/log/logger';
import { bindingFromCookieHeader } from './browser-binding';
import { CALLBACK_COOKIE, CSRF_COOKIE, SESSION_COOKIE } from './cookie-names';
import { endSession } from './sessions';
import { signInWithEnrolmentTicket, signInWithPasskey } from './sign-in';
import { ZAuthenticationResponse } from './webauthn-schemas';
import { isAppError } from '@/lib/errors';

const ZCredentials = z.union([
  z.object({ kind: z.literal('assertion'), response: z.string().max(32_768) }),
  z.object({ kind: z.literal('ticket'), ticket: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
]);

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'string') h.set(k, v);
  return h;
}

const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: true };

export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.sessionSecret,
    useSecureCookies: true,
    session: { strategy: 'jwt', maxAge: e.sessionAbsoluteHours * 3600, updateAge: 0 },
    jwt: { maxAge: e.sessionAbsoluteHours * 3600 },
    pages: { signIn: '/login', error: '/login' },
    cookies: {
      sessionToken: { name: SESSION_COOKIE, options: cookieOptions },
      csrfToken: { name: CSRF_COOKIE, options: cookieOptions },
      callbackUrl: { name: CALLBACK_COOKIE, options: { ...cookieOptions, httpOnly: true } },
    },
    providers: [
      CredentialsProvider({
        id: 'passkey',
        name: 'Passkey',
        credentials: { kind: { type: 'text' }, response: { type: 'text' }, ticket: { type: 'text' } },
        async authorize(credentials, req) {
          const parsed = ZCredentials.safeParse(credentials);
          if (!parsed.success) throw new Error('The sign-in request is malformed.');
          const headers = toHeaders(req.headers as Record<string, unknown> | undefined);
          const meta = requestMetaFrom(headers);
          const bindingHash = bindingFromCookieHeader(headers.get('cookie'));
          const db = await getDb();
          try {
            if (parsed.data.kind === 'ticket') {
              const session = await signInWithEnrolmentTicket(db, { ticket: parsed.data.ticket, bindingHash, meta });
              return { id: session.id };
            }
            const response = ZAuthenticationResponse.safeParse(JSON.parse(parsed.data.response));
            if (!response.success) throw new Error('The passkey response is malformed.');
            const session = await signInWithPasskey(db, { response: response.data, bindingHash, meta });
            return { id: session.id };
          } catch (err) {
            // next-auth shows the thrown message to the browser: only AppError messages are safe to show.
            if (isAppError(err)) throw new Error(err.message);
            if (err instanceof Error && /malformed/.test(err.message)) throw err;
            logger().child({ requestId: meta.requestId }).error({ err }, 'sign-in failed unexpectedly');
            throw new Error(`Something went wrong (ref: ${meta.requestId})`);
          }
        },
      }),
    ],
    callbacks: {
      // The token carries the session id only: no name, email or picture.
      jwt({ token, user }) {
        return user ? { sid: user.id } : { sid: token.sid };
      },
      session({ session }) {
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = typeof token?.sid === 'string' ? token.sid : null;
        if (!sid) return;
        const db = await getDb();
        const { resolveSession } = await import('./sessions');
        const state = await resolveSession(db, sid);
        if (state.kind === 'none') return;
        await endSession(db, sid, 'signed-out', { actor: { type: 'staff', id: state.staff.id } });
      },
    },
    logger: {
      error: (code, metadata) => logger().warn({ code, kind: 'next-auth' }, typeof metadata === 'object' && metadata && 'message' in metadata ? String((metadata as { message: unknown }).message).slice(0, 200) : code),
      warn: (code) => logger().debug({ code }, 'next-auth warning'),
      debug: () => undefined,
    },
  };
}
