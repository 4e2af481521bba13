/**
 * `risk-rules.update`: activates a risk rule-set draft. Approvers sign the list of changes and
 * the definition's hash; the executor refuses a draft that differs from what they signed.
 */
import { eq } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { activateRiskRuleSet } from '@/lib/risk/rule-sets/activate-risk-rule-set';
import { definitionHash, parseStoredDefinition } from '@/lib/risk/rule-sets/rule-set-records';
import { RISK_RULES_UPDATE, ZRiskRulesUpdatePayload } from '@/lib/risk/rule-sets/risk-rules-update-payload';
import { defineActionType } from '../action-type';
import { singleStepPolicy } from '../policy-schema';

export const riskRulesUpdate = defineActionType({
  key: RISK_RULES_UPDATE,
  label: 'Change the risk rules',
  payloadSchema: ZRiskRulesUpdatePayload,
  // Risk analysts propose; a compliance officer (never the requester) puts it in force.
  defaultPolicy: singleStepPolicy('compliance-officer', 1, 'Compliance officer'),
  requestPermission: { action: 'request', subject: 'RiskRuleSet' },
  summarize: (p) =>
    `Activate risk rule set v${p.version} (replacing v${p.replacesVersion}; definition sha256 ${p.definitionHash.slice(0, 12)}…): ${p.changes.join('; ')}`,
  // Whoever opens the request (the rules page or the generic approvals API), it must name a draft as stored.
  validateRequest: async (tx, p) => {
    const [row] = await tx.select().from(riskRuleSets).where(eq(riskRuleSets.id, p.ruleSetId));
    if (!row || row.status !== 'draft' || row.version !== p.version || definitionHash(parseStoredDefinition(row)) !== p.definitionHash) {
      throw new AppError('VALIDATION', 'The payload does not match a stored risk rule-set draft.');
    }
  },
  execute: async (tx, p, ctx) => activateRiskRuleSet(tx, p, ctx),
});
