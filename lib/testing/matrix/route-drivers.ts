/**
 * How the matrix calls each session-bound route handler: a NextRequest carrying the principal's
 * cookies, real WebAuthn material where a ceremony is involved (so a missing check would let the
 * request succeed rather than fail on bad input), and a way to see that the effect happened.
 */
import { and, eq } from 'drizzle-orm';
import { passkeys, sessions, webauthnChallenges } from '@/db/schema';
import { POST as registerOptions } from '@/app/api/passkeys/register/options/route';
import { POST as registerVerify } from '@/app/api/passkeys/register/verify/route';
import { POST as stepUpOptions } from '@/app/api/passkeys/step-up/options/route';
import { POST as stepUpVerify } from '@/app/api/passkeys/step-up/verify/route';
import { GET as getMe } from '@/app/api/me/route';
import { createRegistrationOptions } from '@/lib/auth/registration';
import { startPasskeySignIn } from '@/lib/auth/sign-in';
import { meta, newAuthenticator } from '@/lib/testing/auth-factories';
import { outcomeOfResponse, type TCellSetup, type TEndpointDriver } from './outcome';
import type { TPerson } from './principals';
import { currentRequest } from './request-context';

const noParams = { params: Promise.resolve({}) };

/** Whose passkey material a request carries: the caller's, or (anonymous) the bystander's. */
const materialOwner = (setup: TCellSetup): TPerson => setup.principal.person ?? setup.cast.bystander;

async function lastPasskeyAt(setup: TCellSetup): Promise<Date | null> {
  if (!setup.principal.sessionId) return null;
  const [row] = await setup.db.select({ at: sessions.lastPasskeyAt }).from(sessions).where(eq(sessions.id, setup.principal.sessionId));
  return row?.at ?? null;
}

async function challengeIssued(setup: TCellSetup, purpose: 'register' | 'step-up'): Promise<boolean> {
  const rows = await setup.db
    .select({ staffId: webauthnChallenges.staffId, context: webauthnChallenges.context })
    .from(webauthnChallenges)
    .where(and(eq(webauthnChallenges.bindingHash, setup.principal.bindingHash), eq(webauthnChallenges.purpose, purpose)));
  const staffId = setup.principal.person?.staffId;
  return rows.some((r) => (purpose === 'register' ? r.context.staffId === staffId && r.context.flow === 'add' : r.staffId === staffId));
}

export const ROUTE_DRIVERS = {
  'GET /api/me': {
    target: null,
    prepare: async (setup) => {
      let answeredId: unknown;
      return {
        call: async () => {
          const res = await getMe(currentRequest('GET', '/api/me'), noParams);
          if (res.ok) answeredId = ((await res.clone().json()) as { id?: unknown }).id;
          return outcomeOfResponse(res);
        },
        happened: async () => answeredId !== undefined && answeredId === setup.principal.person?.staffId,
      };
    },
  },
  'POST /api/passkeys/step-up/options': {
    target: null,
    prepare: async (setup) => ({
      call: async () => outcomeOfResponse(await stepUpOptions(currentRequest('POST', '/api/passkeys/step-up/options'), noParams)),
      happened: () => challengeIssued(setup, 'step-up'),
    }),
  },
  'POST /api/passkeys/step-up/verify': {
    target: null,
    prepare: async (setup) => {
      const owner = materialOwner(setup);
      const options = await startPasskeySignIn(setup.db, { bindingHash: setup.principal.bindingHash, meta: meta(), purpose: 'step-up', staffId: owner.staffId });
      const response = owner.authenticator.assert(options.challenge);
      const before = await lastPasskeyAt(setup);
      return {
        call: async () => outcomeOfResponse(await stepUpVerify(currentRequest('POST', '/api/passkeys/step-up/verify', { response }), noParams)),
        happened: async () => {
          const after = await lastPasskeyAt(setup);
          return before !== null && after !== null && after.getTime() > before.getTime();
        },
      };
    },
  },
  'POST /api/passkeys/register/options (flow add)': {
    target: null,
    prepare: async (setup) => ({
      call: async () => outcomeOfResponse(await registerOptions(currentRequest('POST', '/api/passkeys/register/options', { flow: 'add' }), noParams)),
      happened: () => challengeIssued(setup, 'register'),
    }),
  },
  'POST /api/passkeys/register/verify (flow add)': {
    target: null,
    prepare: async (setup) => {
      const owner = materialOwner(setup);
      // The options an earlier "add passkey" request would have issued to this browser.
      const options = await createRegistrationOptions(setup.db, {
        bindingHash: setup.principal.bindingHash,
        staffId: owner.staffId,
        userId: owner.staffId,
        userName: `${owner.staffId}@example.test`,
        displayName: 'Matrix person',
        context: { flow: 'add', staffId: owner.staffId },
      });
      const authenticator = newAuthenticator();
      const response = authenticator.register(options.challenge);
      return {
        call: async () =>
          outcomeOfResponse(await registerVerify(currentRequest('POST', '/api/passkeys/register/verify', { flow: 'add', response }), noParams)),
        happened: async () =>
          (await setup.db.select().from(passkeys).where(and(eq(passkeys.credentialId, authenticator.id), eq(passkeys.staffId, owner.staffId)))).length === 1,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
