/**
 * Who is asking: the data layer's single entry point for the session. Cached per request;
 * refuses missing, revoked, idle-expired or expired sessions and disabled staff, whatever
 * the middleware did or did not do.
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { currentRequestMeta } from '@/lib/http/current-request';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { buildAbilityForRoles, loadRoles, type TAppAbility } from '@/lib/permissions/ability';
import type { TRoleRule } from '@/db/schema';
import { BACKGROUND_MARK, BACKGROUND_REFRESH_COOKIE, BACKGROUND_REQUEST_HEADER } from './background-request';
import { SESSION_COOKIE } from './cookie-names';
import { resolveSession, type TSessionRow, type TSessionState, type TStaffRow } from './sessions';

export type TActor = {
  staff: TStaffRow;
  session: TSessionRow;
  roles: { key: string; name: string }[];
  rules: TRoleRule[];
  ability: TAppAbility;
  meta: TRequestMeta;
  /** When the session locks if nothing else happens. */
  idleExpiresAt: Date;
};

export async function sessionIdFromCookie(raw: string | undefined): Promise<string | null> {
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: env().sessionSecret });
    return typeof token?.sid === 'string' ? token.sid : null;
  } catch {
    return null;
  }
}

export const getSessionState = cache(async (): Promise<TSessionState> => {
  const jar = await cookies();
  const sid = await sessionIdFromCookie(jar.get(SESSION_COOKIE)?.value);
  // Background requests (see background-request.ts) are checked like any other but not counted as activity.
  const background =
    (await headers()).get(BACKGROUND_REQUEST_HEADER) === BACKGROUND_MARK || jar.get(BACKGROUND_REFRESH_COOKIE)?.value === BACKGROUND_MARK;
  return resolveSession(await getDb(), sid, await currentRequestMeta(), { activity: !background });
});

/** The signed-in staff member with their ability; throws UNAUTHENTICATED or SESSION_IDLE. */
export const getCurrentStaff = cache(async (): Promise<TActor> => {
  const state = await getSessionState();
  if (state.kind === 'idle') throw new AppError('SESSION_IDLE', 'Your session was idle too long. Unlock it with your passkey to continue.');
  if (state.kind === 'none') throw new AppError('UNAUTHENTICATED', 'Sign in with your passkey to continue.');
  const roleRows = await loadRoles(await getDb(), state.staff.id);
  const rules = roleRows.flatMap((r) => r.rules);
  return {
    staff: state.staff,
    session: state.session,
    roles: roleRows.map(({ key, name }) => ({ key, name })),
    rules,
    ability: buildAbilityForRoles(roleRows, state.staff),
    meta: await currentRequestMeta(),
    idleExpiresAt: new Date(Math.min(state.session.lastSeenAt.getTime() + env().sessionIdleSeconds * 1000, state.session.expiresAt.getTime())),
  };
});
