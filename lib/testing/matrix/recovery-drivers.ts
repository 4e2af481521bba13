/**
 * How the matrix calls the passkey-recovery actions (app/(console)/staff/[id]/actions.ts).
 * Issuing a link needs an executed recovery: each cell makes a fresh one (another administrator
 * requests it for a fresh person and two more administrators approve), so only authorisation can refuse.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { approvalRequests, staffRecoveryTickets } from '@/db/schema';
import type { TDb } from '@/db/types';
import * as recoveryActions from '@/app/(console)/staff/[id]/actions';
import { createApprovalRequest } from '@/lib/approvals/create-approval-request';
import { approveByTwoAdministrators, createSigner } from '@/lib/approvals/testing/approval-fixtures';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function executedRecovery(db: TDb): Promise<string> {
  const requester = await createSigner(db, ['administrator'], 'Matrix recovery requester');
  const lost = await createSigner(db, ['ops-approver'], 'Matrix lost passkeys');
  const req = await createApprovalRequest(db, await requester.actor(), { actionType: 'staff.passkey-recovery', payload: { staffId: lost.staffId, staffName: lost.name }, reason: 'matrix: lost every passkey' });
  await approveByTwoAdministrators(db, req.id);
  return req.id;
}

export const RECOVERY_DRIVERS = {
  requestPasskeyRecoveryAction: {
    target: 'staff',
    prepare: async (setup) => {
      const staffId = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await recoveryActions.requestPasskeyRecoveryAction({ staffId, reason: 'lost phone and laptop' })),
        happened: async () =>
          (await setup.db.select({ id: approvalRequests.id }).from(approvalRequests).where(and(eq(approvalRequests.actionType, 'staff.passkey-recovery'), eq(approvalRequests.status, 'pending'), sql`${approvalRequests.payload}->>'staffId' = ${staffId}`))).length > 0,
      };
    },
  },
  issueRecoveryLinkAction: {
    target: null,
    prepare: async (setup) => {
      const requestId = await executedRecovery(setup.db);
      return {
        call: async () => outcomeOfAction(await recoveryActions.issueRecoveryLinkAction({ requestId })),
        happened: async () => (await setup.db.select({ id: staffRecoveryTickets.id }).from(staffRecoveryTickets).where(and(eq(staffRecoveryTickets.requestId, requestId), isNotNull(staffRecoveryTickets.tokenHash)))).length === 1,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
