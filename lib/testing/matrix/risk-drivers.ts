/** How the matrix calls the risk-rules actions (app/(console)/risk/actions.ts) and sees their effect. */
import { and, count, eq } from 'drizzle-orm';
import { auditEvents, riskRuleSets } from '@/db/schema';
import * as riskActions from '@/app/(console)/risk/actions';
import { DEFAULT_RULE_SET } from '@/lib/risk/default-rule-set';
import { outcomeOfAction, type TCellSetup, type TEndpointDriver } from './outcome';

function targetOf(setup: TCellSetup): string {
  if (!setup.targetId) throw new Error('this endpoint needs a target');
  return setup.targetId;
}

async function draftRow(setup: TCellSetup, id: string) {
  const [row] = await setup.db.select().from(riskRuleSets).where(eq(riskRuleSets.id, id));
  return row;
}

export const RISK_DRIVERS = {
  createRiskDraftAction: {
    target: null,
    prepare: async (setup) => {
      const [before] = await setup.db.select({ n: count() }).from(riskRuleSets);
      return {
        call: async () => outcomeOfAction(await riskActions.createRiskDraftAction({ note: 'matrix' })),
        happened: async () => ((await setup.db.select({ n: count() }).from(riskRuleSets))[0]?.n ?? 0) > (before?.n ?? 0),
      };
    },
  },
  saveRiskDraftAction: {
    target: 'risk-draft',
    prepare: async (setup) => {
      const id = targetOf(setup);
      const row = await draftRow(setup, id);
      // A valid definition even for the non-existent id, so the refusal is about the record, not the input.
      const { version: _v, ...fallback } = DEFAULT_RULE_SET;
      const definition = structuredClone((row?.definition ?? fallback) as { weights: Record<string, number> });
      definition.weights['device.new'] = 20;
      const updatedAt = (row?.updatedAt ?? new Date()).toISOString();
      return {
        call: async () => outcomeOfAction(await riskActions.saveRiskDraftAction({ id, updatedAt, definition, note: 'matrix edit' })),
        happened: async () => (await draftRow(setup, id))?.note === 'matrix edit',
      };
    },
  },
  backtestRiskDraftAction: {
    target: 'risk-draft',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await riskActions.backtestRiskDraftAction({ id, days: 1 })),
        happened: async () =>
          ((await setup.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, 'risk_rules.backtested'), eq(auditEvents.targetId, id))))[0]?.n ?? 0) === 1,
      };
    },
  },
  submitRiskDraftAction: {
    target: 'risk-draft',
    prepare: async (setup) => {
      const id = targetOf(setup);
      return {
        call: async () => outcomeOfAction(await riskActions.submitRiskDraftAction({ id, reason: 'matrix submission' })),
        happened: async () => (await draftRow(setup, id))?.approvalRequestId != null,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
