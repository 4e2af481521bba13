/**
 * How the matrix calls each server action: import the module, call the exported function with
 * an input that would succeed for someone allowed to act, and say how to see that it did.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { invites, passkeys, roles, sessions, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createSession } from '@/lib/auth/sessions';
import { meta } from '@/lib/testing/auth-factories';
import * as securityActions from '@/app/(console)/settings/security/actions';
import * as staffActions from '@/app/(console)/staff/actions';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function exists<T>(rows: Promise<T[]>): Promise<boolean> {
  return (await rows).length > 0;
}

async function auditorRoleId(db: TDb): Promise<string> {
  const [row] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'auditor'));
  return row!.id;
}

export const ACTION_DRIVERS = {
  renamePasskeyAction: {
    target: 'passkey',
    prepare: async (setup) => {
      const passkeyId = targetOf(setup);
      const name = `Renamed ${randomUUID().slice(0, 8)}`;
      return {
        call: async () => outcomeOfAction(await securityActions.renamePasskeyAction({ passkeyId, name })),
        happened: () => exists(setup.db.select().from(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.name, name)))),
      };
    },
  },
  removePasskeyAction: {
    target: 'passkey',
    prepare: async (setup) => {
      const passkeyId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await securityActions.removePasskeyAction(passkeyId)),
        happened: async () => !(await exists(setup.db.select().from(passkeys).where(eq(passkeys.id, passkeyId)))),
      };
    },
  },
  signOutSessionAction: {
    target: 'session',
    prepare: async (setup) => {
      const sessionId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await securityActions.signOutSessionAction(sessionId)),
        happened: () => exists(setup.db.select().from(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.endReason, 'revoked')))),
      };
    },
  },
  signOutEverywhereElseAction: {
    target: null,
    prepare: async (setup) => {
      // A second open session of the caller, which "everywhere else" must end.
      const staffId = setup.principal.person?.staffId;
      const other = staffId ? (await createSession(setup.db, { staffId, passkeyId: null, meta: meta() })).id : null;
      return {
        call: async () => outcomeOfAction(await securityActions.signOutEverywhereElseAction()),
        happened: async () => other !== null && exists(setup.db.select().from(sessions).where(and(eq(sessions.id, other), isNotNull(sessions.endedAt)))),
      };
    },
  },
  createInviteAction: {
    target: null,
    prepare: async (setup) => {
      const email = `newcomer-${randomUUID()}@example.test`;
      const input = { name: 'Nia Newcomer', email, roleId: await auditorRoleId(setup.db), submissionId: randomUUID() };
      return {
        call: async () => outcomeOfAction(await staffActions.createInviteAction(input)),
        happened: () => exists(setup.db.select().from(invites).where(eq(invites.email, email))),
      };
    },
  },
  revokeInviteAction: {
    target: 'invite',
    prepare: async (setup) => {
      const inviteId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await staffActions.revokeInviteAction(inviteId)),
        happened: () => exists(setup.db.select().from(invites).where(and(eq(invites.id, inviteId), isNotNull(invites.revokedAt)))),
      };
    },
  },
  setStaffStatusAction: {
    target: 'staff',
    prepare: async (setup) => {
      const staffId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await staffActions.setStaffStatusAction({ staffId, status: 'disabled' })),
        happened: async () =>
          (await exists(setup.db.select().from(staff).where(and(eq(staff.id, staffId), eq(staff.status, 'disabled'))))) &&
          !(await exists(setup.db.select().from(sessions).where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt))))),
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
