/** One stored rule set with what it changes against the rules in force, for the editor page. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { approvalRequests, riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError } from '@/lib/errors';
import { describeRuleSetChanges } from '../describe-rule-set-changes';
import { ZRuleSetId } from './rule-set-input';
import { loadRuleSetFor } from './load-rule-set';
import { builtInDto } from './list-risk-rule-sets';
import { toDto, type TRiskRuleSetDto } from './rule-set-records';

export type TRuleSetDetail = {
  ruleSet: TRiskRuleSetDto;
  inForce: TRiskRuleSetDto;
  changes: string[];
  approval: { id: string; status: string } | null;
  can: { update: boolean; request: boolean };
};

export async function getRiskRuleSet(db: TDb, actor: TActor, rawId: unknown): Promise<TRuleSetDetail> {
  const id = ZRuleSetId.safeParse(rawId);
  if (!id.success) throw new AppError('NOT_FOUND', 'No such rule set.');
  const row = await loadRuleSetFor(db, db, actor, 'read', id.data);
  const [active] = await db.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'active'));
  const inForce = active ? toDto(active) : builtInDto();
  const ruleSet = toDto(row);
  const [approval] = row.approvalRequestId
    ? await db.select({ id: approvalRequests.id, status: approvalRequests.status }).from(approvalRequests).where(eq(approvalRequests.id, row.approvalRequestId))
    : [];
  return {
    ruleSet,
    inForce,
    changes: row.status === 'draft' ? describeRuleSetChanges(inForce.definition, ruleSet.definition) : [],
    approval: approval ?? null,
    can: { update: actor.ability.can('update', 'RiskRuleSet'), request: actor.ability.can('request', 'RiskRuleSet') },
  };
}
