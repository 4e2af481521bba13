/**
 * Executes an approved `risk-rules.update`: the draft becomes active and the previous active
 * version superseded, in the approval's transaction. Refuses a draft that changed, was already
 * activated, or a request that no longer replaces the version in force (another change won).
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { AppError } from '@/lib/errors';
import { definitionHash, parseStoredDefinition } from './rule-set-records';
import { invalidateRiskRuleSetCache } from './get-active-risk-rule-set';
import type { TRiskRulesUpdatePayload } from './risk-rules-update-payload';

export async function activateRiskRuleSet(
  tx: TTx,
  p: TRiskRulesUpdatePayload,
  ctx: { requestId: string; executedBy: string; meta: TRequestMeta },
): Promise<{ version: number; previousVersion: number }> {
  const [draft] = await tx.select().from(riskRuleSets).where(eq(riskRuleSets.id, p.ruleSetId)).for('update');
  if (!draft || draft.status !== 'draft' || draft.version !== p.version) throw new AppError('CONFLICT', `Rule set v${p.version} is no longer a draft.`);
  if (definitionHash(parseStoredDefinition(draft)) !== p.definitionHash) throw new AppError('CONFLICT', `Rule set v${p.version} changed after it was submitted.`);
  const [active] = await tx.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'active')).for('update');
  const previousVersion = active?.version ?? 1;
  if (previousVersion !== p.replacesVersion) {
    throw new AppError('CONFLICT', `v${p.replacesVersion} is no longer in force (v${previousVersion} is); submit a new draft based on it.`);
  }
  const now = new Date();
  if (active) await tx.update(riskRuleSets).set({ status: 'superseded', supersededAt: now, updatedAt: now }).where(eq(riskRuleSets.id, active.id));
  const updated = await tx
    .update(riskRuleSets)
    .set({ status: 'active', activatedAt: now, updatedAt: now, approvalRequestId: ctx.requestId })
    .where(and(eq(riskRuleSets.id, draft.id), eq(riskRuleSets.status, 'draft')))
    .returning({ id: riskRuleSets.id });
  if (updated.length !== 1) throw new AppError('CONFLICT', `Rule set v${p.version} is no longer a draft.`);
  await appendAuditEvent(tx, {
    action: 'risk_rules.activated',
    actor: { type: 'staff', id: ctx.executedBy },
    target: { type: 'risk_rule_set', id: draft.id },
    result: 'success',
    meta: ctx.meta,
    data: { version: draft.version, previousVersion, approvalRequestId: ctx.requestId, definitionHash: p.definitionHash },
  });
  invalidateRiskRuleSetCache();
  return { version: draft.version, previousVersion };
}
