/**
 * How the matrix calls the API settings actions (app/(console)/settings/api/actions.ts):
 * request a token (opens an approval request), revoke one, pick up a new token's plaintext once.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { approvalRequests, serviceTokenPickups, serviceTokens } from '@/db/schema';
import * as apiActions from '@/app/(console)/settings/api/actions';
import { parkServiceTokenPickup } from '@/lib/service-tokens/service-token-pickup';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

export const SERVICE_TOKEN_DRIVERS = {
  requestServiceTokenAction: {
    target: null,
    prepare: async (setup) => {
      const name = `Matrix ${Math.random().toString(36).slice(2, 8)}`;
      const input = { payload: { name, scopes: ['transactions:ingest'], expiresInDays: 30, requireSignature: true }, reason: 'matrix cell', submissionId: randomUUID() };
      return {
        call: async () => outcomeOfAction(await apiActions.requestServiceTokenAction(input)),
        happened: async () => (await setup.db.select().from(approvalRequests).where(eq(approvalRequests.actionType, 'service-token.create'))).some((r) => JSON.stringify(r.payload).includes(name)),
      };
    },
  },
  revokeServiceTokenAction: {
    target: 'service-token',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await apiActions.revokeServiceTokenAction(id)),
        happened: async () => (await setup.db.select().from(serviceTokens).where(and(eq(serviceTokens.id, id), isNotNull(serviceTokens.revokedAt)))).length === 1,
      };
    },
  },
  pickUpServiceTokenAction: {
    target: 'service-token-pickup',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const [pickup] = await setup.db.select().from(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, id));
      if (pickup) {
        // Re-park with a real ciphertext so an allowed pickup can decrypt it.
        await setup.db.delete(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, id));
        await setup.db.transaction((tx) => parkServiceTokenPickup(tx, { tokenId: id, requesterId: pickup.requesterId, token: 'cst_fixture', signingSecret: 'css_fixture' }));
      }
      return {
        call: async () => outcomeOfAction(await apiActions.pickUpServiceTokenAction(id)),
        happened: async () => (await setup.db.select().from(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, id))).length === 0,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
