/** The rules page: what is in force (stored active version or built-in v1), drafts and history. */
import 'server-only';
import { desc } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import { toDto, type TRiskRuleSetDto } from './rule-set-records';

export const RULE_SET_COLUMNS = {
  id: riskRuleSets.id,
  version: riskRuleSets.version,
  status: riskRuleSets.status,
  updatedById: riskRuleSets.createdBy,
};

export function builtInDto(): TRiskRuleSetDto {
  const { version: _v, ...definition } = DEFAULT_RULE_SET;
  return {
    id: null, version: 1, label: DEFAULT_RULE_SET.version, status: 'built-in', definition, basedOnVersion: null, note: 'Built-in default',
    createdBy: null, approvalRequestId: null, createdAt: null, updatedAt: null, activatedAt: null,
  };
}

export async function listRiskRuleSets(db: TDb, actor: TActor): Promise<{ inForce: TRiskRuleSetDto; drafts: TRiskRuleSetDto[]; history: TRiskRuleSetDto[] }> {
  await authorize(db, actor, 'read', 'RiskRuleSet');
  const rows = await db
    .select()
    .from(riskRuleSets)
    .where(caslToSql(actor.ability, 'read', 'RiskRuleSet', RULE_SET_COLUMNS))
    .orderBy(desc(riskRuleSets.version))
    .limit(200);
  const dtos = rows.map(toDto);
  return {
    inForce: dtos.find((d) => d.status === 'active') ?? builtInDto(),
    drafts: dtos.filter((d) => d.status === 'draft'),
    history: dtos.filter((d) => d.status === 'superseded'),
  };
}
