/**
 * How the matrix calls the roles and staff administration actions. Inputs are ones an
 * administrator could save (valid rules, the role's current version, a fresh session for any
 * step-up), so a refusal can only come from authorisation or a guardrail, never from bad input.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { approvalRequests, roles, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import * as roleActions from '@/app/(console)/roles/actions';
import * as staffActions from '@/app/(console)/staff/actions';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function roleRow(db: TDb, id: string) {
  const [row] = await db.select().from(roles).where(eq(roles.id, id));
  return row;
}

async function roleIdByKey(db: TDb, key: string): Promise<string> {
  const [row] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
  return row!.id;
}

export const ADMIN_ACTION_DRIVERS = {
  createRoleAction: {
    target: null,
    prepare: async (setup) => {
      const key = `matrix-new-${randomUUID().slice(0, 8)}`;
      const input = { key, name: 'Matrix reader', description: 'Reads transactions', rules: [{ action: 'read', subject: 'Transaction' }] };
      return {
        call: async () => outcomeOfAction(await roleActions.createRoleAction(input)),
        happened: async () => (await setup.db.select().from(roles).where(eq(roles.key, key))).length === 1,
      };
    },
  },
  updateRoleAction: {
    target: 'role',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const current = await roleRow(setup.db, id);
      const description = `Edited by the matrix ${randomUUID().slice(0, 8)}`;
      // Same rules (no privilege added, Administrator keeps its powers): only the description changes.
      const input = current
        ? { id, updatedAt: current.updatedAt.toISOString(), name: current.name, description, rules: current.rules }
        : { id, updatedAt: new Date().toISOString(), name: 'Ghost role', description, rules: [{ action: 'read', subject: 'Transaction' }] };
      return {
        call: async () => outcomeOfAction(await roleActions.updateRoleAction(input)),
        happened: async () => (await roleRow(setup.db, id))?.description === description,
      };
    },
  },
  deleteRoleAction: {
    target: 'role',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await roleActions.deleteRoleAction(id)),
        happened: async () => (await roleRow(setup.db, id)) === undefined,
      };
    },
  },
  assignStaffRolesAction: {
    target: 'staff',
    prepare: async (setup) => {
      const staffId = targetOf(setup);
      // The escalation an attacker wants: the Administrator role (privileged, so it needs an approval by two administrators).
      const adminRoleId = await roleIdByKey(setup.db, 'administrator');
      return {
        call: async () => outcomeOfAction(await staffActions.assignStaffRolesAction({ staffId, roleIds: [adminRoleId] })),
        // Allowed: the role is granted, or (privileged) a role.privileged-change request for this person is pending.
        happened: async () =>
          (await setup.db.select().from(staffRoles).where(and(eq(staffRoles.staffId, staffId), eq(staffRoles.roleId, adminRoleId)))).length === 1 ||
          (await setup.db.select({ id: approvalRequests.id }).from(approvalRequests).where(and(eq(approvalRequests.actionType, 'role.privileged-change'), eq(approvalRequests.status, 'pending'), sql`${approvalRequests.payload}->>'staffId' = ${staffId}`))).length > 0,
      };
    },
  },
  simulateAccessAction: {
    target: 'staff',
    // Read-only: success is the answer itself.
    prepare: async (setup) => {
      const staffId = targetOf(setup);
      return { call: async () => outcomeOfAction(await staffActions.simulateAccessAction({ staffId, action: 'update', subject: 'Staff' })) };
    },
  },
} satisfies Record<string, TEndpointDriver>;
