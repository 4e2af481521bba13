/**
 * How the matrix calls the review-queue actions (app/(console)/transactions/actions.ts). Targets:
 * 'transaction' = own: an unassigned frozen item, other: one the bystander holds; 'claimed-transaction'
 * = own: one the caller holds, other: one the bystander holds. Effects are read back from the rows.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, transactionNotes, transactions } from '@/db/schema';
import * as reviewActions from '@/app/(console)/transactions/actions';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';
import { frozenTransaction } from './review-targets';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function rowIs(setup: TCellSetup, id: string, where: ReturnType<typeof sql>): Promise<boolean> {
  return (await setup.db.select({ id: transactions.id }).from(transactions).where(and(eq(transactions.id, id), where))).length === 1;
}

const me = (setup: TCellSetup) => setup.principal.person?.staffId ?? '00000000-0000-4000-8000-000000000000';
const reviewer = (setup: TCellSetup) => setup.cast.people['compliance-officer'].staffId;

export const REVIEW_DRIVERS = {
  claimTransactionAction: {
    target: 'transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.claimTransactionAction({ transactionId: id })),
        happened: () => rowIs(setup, id, sql`${transactions.assigneeId} = ${me(setup)} and ${transactions.status} = 'in_review'`),
      };
    },
  },
  releaseClaimAction: {
    target: 'claimed-transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.releaseClaimAction({ transactionId: id })),
        happened: () => rowIs(setup, id, sql`${transactions.assigneeId} is null and ${transactions.status} = 'frozen'`),
      };
    },
  },
  assignTransactionAction: {
    target: 'transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.assignTransactionAction({ transactionId: id, assigneeId: reviewer(setup) })),
        happened: () => rowIs(setup, id, sql`${transactions.assigneeId} = ${reviewer(setup)}`),
      };
    },
  },
  claimNextUnassignedAction: {
    target: null,
    prepare: async (setup) => {
      await frozenTransaction(setup.db);
      const held = async () => (await setup.db.select().from(transactions).where(eq(transactions.assigneeId, me(setup)))).length;
      const before = await held();
      return {
        call: async () => outcomeOfAction(await reviewActions.claimNextUnassignedAction()),
        happened: async () => (await held()) === before + 1,
      };
    },
  },
  decideTransactionAction: {
    target: 'transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.decideTransactionAction({ transactionId: id, decision: 'decline', reasonCode: 'confirmed_fraud', note: 'Matrix decline' })),
        happened: () => rowIs(setup, id, sql`${transactions.status} = 'declined'`),
      };
    },
  },
  addTransactionNoteAction: {
    target: 'transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.addTransactionNoteAction({ transactionId: id, body: 'Matrix note', submissionId: randomUUID() })),
        happened: async () => (await setup.db.select().from(transactionNotes).where(and(eq(transactionNotes.transactionId, id), eq(transactionNotes.authorId, me(setup))))).length === 1,
      };
    },
  },
  bulkAssignTransactionsAction: {
    target: null,
    prepare: async (setup) => {
      const id = await frozenTransaction(setup.db);
      return {
        call: async () => outcomeOfAction(await reviewActions.bulkAssignTransactionsAction({ transactionIds: [id], assigneeId: reviewer(setup) })),
        happened: () => rowIs(setup, id, sql`${transactions.assigneeId} = ${reviewer(setup)}`),
      };
    },
  },
  bulkDeclineTransactionsAction: {
    target: null,
    prepare: async (setup) => {
      const id = await frozenTransaction(setup.db);
      return {
        call: async () => outcomeOfAction(await reviewActions.bulkDeclineTransactionsAction({ transactionIds: [id], reasonCode: 'suspicious_pattern', note: 'Matrix bulk' })),
        happened: () => rowIs(setup, id, sql`${transactions.status} = 'declined'`),
      };
    },
  },
  revealCustomerPiiAction: {
    target: 'transaction',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await reviewActions.revealCustomerPiiAction({ transactionId: id, reason: 'Matrix check of the customer' })),
        happened: async () => (await setup.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'pii.revealed'), eq(auditEvents.actorId, me(setup)), sql`${auditEvents.data}->>'transactionId' = ${id}`))).length === 1,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
