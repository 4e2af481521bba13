/**
 * The people the matrix asks as. Every staff principal is a real staff member enrolled through
 * an invite with a software authenticator; each matrix cell gets a session of its own (a real
 * passkey sign-in where the person may still sign in), so no cell depends on another.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { roles, sessions, staff, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createSession } from '@/lib/auth/sessions';
import { signInWithEnrolmentTicket, signInWithPasskey, startPasskeySignIn } from '@/lib/auth/sign-in';
import { sha256Hex } from '@/lib/auth/tokens';
import { finishInviteEnrolment, startInviteEnrolment } from '@/lib/staff/accept-invite';
import { createInvite } from '@/lib/staff/invites';
import { actorFor, meta, newAuthenticator, setUpFirstAdmin } from '@/lib/testing/auth-factories';
import type { SoftAuthenticator } from '@/lib/testing/soft-authenticator';

export const ROLE_PRINCIPALS = ['administrator', 'compliance-officer', 'ops-approver', 'risk-analyst', 'auditor'] as const;
export const PRINCIPALS = ['anonymous', ...ROLE_PRINCIPALS, 'disabled', 'expired'] as const;
export type TPrincipalKind = (typeof PRINCIPALS)[number];

/** A staff member who exists once per test file. */
export type TPerson = { staffId: string; passkeyId: string; authenticator: SoftAuthenticator; binding: string; bindingHash: string; ip: string };

/** Who calls the endpoint in one cell. */
export type TCellPrincipal = {
  kind: TPrincipalKind;
  /** null only for anonymous. */
  person: TPerson | null;
  /** The session the cookie names; null for anonymous. */
  sessionId: string | null;
  binding: string;
  bindingHash: string;
  ip: string;
};

export type TCast = {
  /** The first administrator, set up through the setup link: owner of "someone else's" records. */
  bystander: TPerson;
  people: Record<Exclude<TPrincipalKind, 'anonymous'>, TPerson>;
  anonymousBinding: string;
};

const newBinding = () => randomBytes(32).toString('base64url');

async function roleIdOf(db: TDb, key: string): Promise<string> {
  const [row] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
  if (!row) throw new Error(`built-in role ${key} is missing`);
  return row.id;
}

/** Invites a person with a role and enrols them with a fresh soft authenticator, as the invite page would. */
async function enrolThroughInvite(db: TDb, inviterSessionId: string, email: string, roleKey: string, ip: string): Promise<TPerson> {
  const inviter = await actorFor(db, inviterSessionId);
  const { url } = await createInvite(db, inviter, { name: `Matrix ${roleKey}`, email, roleId: await roleIdOf(db, roleKey), submissionId: randomUUID() });
  const token = url.split('/invite/')[1]!;
  const binding = newBinding();
  const bindingHash = sha256Hex(binding);
  const authenticator = newAuthenticator();
  const options = await startInviteEnrolment(db, { token, bindingHash });
  const { staffId, ticket } = await finishInviteEnrolment(db, { token, response: authenticator.register(options.challenge), bindingHash, meta: meta(ip) });
  const session = await signInWithEnrolmentTicket(db, { ticket, bindingHash, meta: meta(ip) });
  return { staffId, passkeyId: session.passkeyId!, authenticator, binding, bindingHash, ip };
}

/** Seeds roles, sets up the first administrator and enrols one person per principal kind. */
export async function assembleCast(db: TDb): Promise<TCast> {
  const founder = await setUpFirstAdmin(db, 'matrix-founder');
  const founderBinding = newBinding();
  const bystander: TPerson = {
    staffId: founder.staffId,
    passkeyId: founder.session.passkeyId!,
    authenticator: founder.authenticator,
    binding: founderBinding,
    bindingHash: sha256Hex(founderBinding),
    ip: '198.51.100.1',
  };
  const enrol = (kind: string, roleKey: string, n: number) =>
    enrolThroughInvite(db, founder.session.id, `matrix-${kind}@example.test`, roleKey, `198.51.100.${10 + n}`);
  const people = {} as TCast['people'];
  let n = 0;
  for (const kind of ROLE_PRINCIPALS) people[kind] = await enrol(kind, kind, n++);
  // The disabled and expired principals hold the most privileged role: status and expiry must win over it.
  people.disabled = await enrol('disabled', 'administrator', n++);
  // A third administrator invite from the founder needs two administrators' approval (lib/staff/create-invite.ts),
  // so this one enrols with a plain role and is given Administrator directly.
  people.expired = await enrol('expired', 'auditor', n++);
  await db.update(staffRoles).set({ roleId: await roleIdOf(db, 'administrator') }).where(eq(staffRoles.staffId, people.expired.staffId));
  // Disabled in the database with no session ended, as if disabled by a concurrent request.
  await db.update(staff).set({ status: 'disabled', disabledAt: new Date() }).where(eq(staff.id, people.disabled.staffId));
  return { bystander, people, anonymousBinding: newBinding() };
}

/** A real passkey sign-in (fresh session, so step-up is satisfied). */
export async function signInAs(db: TDb, person: TPerson): Promise<string> {
  const options = await startPasskeySignIn(db, { bindingHash: person.bindingHash, meta: meta(person.ip) });
  const session = await signInWithPasskey(db, { response: person.authenticator.assert(options.challenge), bindingHash: person.bindingHash, meta: meta(person.ip) });
  return session.id;
}

/** A fresh principal for one cell: its own session (or none), in the state its kind describes. */
export async function principalForCell(db: TDb, cast: TCast, kind: TPrincipalKind): Promise<TCellPrincipal> {
  if (kind === 'anonymous') {
    const binding = cast.anonymousBinding;
    return { kind, person: null, sessionId: null, binding, bindingHash: sha256Hex(binding), ip: '203.0.113.9' };
  }
  const person = cast.people[kind];
  let sessionId: string;
  if (kind === 'disabled') {
    // Passkey sign-in refuses a disabled account, so the still-open session is created directly.
    sessionId = (await createSession(db, { staffId: person.staffId, passkeyId: person.passkeyId, meta: meta(person.ip) })).id;
  } else {
    sessionId = await signInAs(db, person);
  }
  if (kind === 'expired') {
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionId));
  }
  return { kind, person, sessionId, binding: person.binding, bindingHash: person.bindingHash, ip: person.ip };
}

/** 401 principals: the server must end their session and refuse, whatever their roles. */
export function isUnauthenticatedKind(kind: TPrincipalKind): boolean {
  return kind === 'anonymous' || kind === 'disabled' || kind === 'expired';
}
