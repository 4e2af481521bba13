/** Test factories for the auth flows: a first administrator with a soft passkey, actors, invites. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { sessions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { seedBuiltInRoles } from '@/db/seed';
import type { TActor } from '@/lib/auth/current-staff';
import { finishFirstAdminEnrolment, startFirstAdminEnrolment } from '@/lib/auth/enrol-first-admin';
import { resolveSession } from '@/lib/auth/sessions';
import { issueSetupLinkIfNeeded } from '@/lib/auth/setup-link';
import { signInWithEnrolmentTicket } from '@/lib/auth/sign-in';
import { env } from '@/lib/env';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';
import { createTestDb, type TTestDb } from './db';
import { SoftAuthenticator } from './soft-authenticator';

export const meta = (ip = '198.51.100.7'): TRequestMeta => ({ requestId: `test-${Math.random().toString(36).slice(2, 10)}`, ip, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' });

export function newAuthenticator(): SoftAuthenticator {
  return new SoftAuthenticator({ rpId: env().rpId, origin: env().publicOrigin });
}

export async function actorFor(db: TDb, sessionId: string): Promise<TActor> {
  const state = await resolveSession(db, sessionId);
  if (state.kind !== 'active') throw new Error(`session ${sessionId} is ${state.kind}`);
  const roles = await loadRoles(db, state.staff.id);
  const rules = roles.flatMap((r) => r.rules);
  return {
    staff: state.staff,
    session: state.session,
    roles,
    rules,
    ability: buildAbilityForRoles(roles, state.staff),
    meta: meta(),
    idleExpiresAt: new Date(Date.now() + 60_000),
  };
}

/** Seeds roles and enrols the first administrator; returns their authenticator and an active actor. */
export async function setUpFirstAdmin(db: TDb, binding = 'binding-admin') {
  await seedBuiltInRoles(db);
  const link = await issueSetupLinkIfNeeded(db);
  if (!link) throw new Error('expected a setup link');
  const token = link.split('/setup/')[1]!;
  const authenticator = newAuthenticator();
  const options = await startFirstAdminEnrolment(db, { token, name: 'Ada Admin', email: 'ada@example.test', bindingHash: binding });
  const { staffId, ticket } = await finishFirstAdminEnrolment(db, { token, response: authenticator.register(options.challenge), bindingHash: binding, meta: meta() });
  const session = await signInWithEnrolmentTicket(db, { ticket, bindingHash: binding, meta: meta() });
  return { staffId, token, authenticator, session, actor: await actorFor(db, session.id) };
}

/** Moves a session's clock back so idle/step-up rules can be tested without waiting. */
export async function ageSession(db: TDb, sessionId: string, seconds: number): Promise<void> {
  const [s] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  await db
    .update(sessions)
    .set({ lastSeenAt: new Date(s!.lastSeenAt.getTime() - seconds * 1000), lastPasskeyAt: new Date(s!.lastPasskeyAt.getTime() - seconds * 1000) })
    .where(eq(sessions.id, sessionId));
}

export type TFirstAdmin = Awaited<ReturnType<typeof setUpFirstAdmin>>;

/** Per test file: a fresh database with a first administrator, disposed after the file. */
export function withFirstAdminDb(receive: (ctx: { t: TTestDb; admin: TFirstAdmin }) => void): void {
  let t: TTestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    receive({ t, admin: await setUpFirstAdmin(t.db) });
  });
  afterAll(async () => t?.dispose());
}
