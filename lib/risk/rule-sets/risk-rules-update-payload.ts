/** The `risk-rules.update` approval payload (shared by the submitter and the action type). */
import { z } from 'zod';

export const RISK_RULES_UPDATE = 'risk-rules.update';

export const ZRiskRulesUpdatePayload = z.strictObject({
  ruleSetId: z.uuid(),
  version: z.int().min(2),
  replacesVersion: z.int().min(1),
  /** SHA-256 of the canonical definition: execution refuses a draft that differs. */
  definitionHash: z.string().regex(/^[0-9a-f]{64}$/),
  changes: z.array(z.string().min(1).max(200)).min(1).max(30),
});
export type TRiskRulesUpdatePayload = z.infer<typeof ZRiskRulesUpdatePayload>;
