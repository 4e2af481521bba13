/** Starts a draft from the rule set in force (the active version, else built-in v1). */
import 'server-only';
import { max } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import { getActiveRiskRuleSet } from './get-active-risk-rule-set';
import { ZCreateDraftInput } from './rule-set-input';

export async function createRiskRuleSetDraft(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string; version: number }> {
  await authorize(db, actor, 'update', 'RiskRuleSet');
  const parsed = ZCreateDraftInput.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(parsed.error.issues);
  try {
    return await db.transaction(async (tx) => {
      const { version: activeLabel, ...definition } = await getActiveRiskRuleSet(tx, { fresh: true });
      const basedOnVersion = Number(activeLabel.slice(1)) || Number(DEFAULT_RULE_SET.version.slice(1));
      const [{ top } = { top: null }] = await tx.select({ top: max(riskRuleSets.version) }).from(riskRuleSets);
      const version = Math.max(top ?? 1, basedOnVersion) + 1;
      const [row] = await tx
        .insert(riskRuleSets)
        .values({ version, status: 'draft', definition, basedOnVersion, note: parsed.data.note, createdBy: actor.staff.id })
        .returning({ id: riskRuleSets.id, version: riskRuleSets.version });
      await appendAuditEvent(tx, {
        action: 'risk_rules.draft_created',
        actor: { type: 'staff', id: actor.staff.id },
        target: { type: 'risk_rule_set', id: row!.id },
        result: 'success',
        meta: { ...actor.meta, sessionId: actor.session.id },
        data: { version, basedOnVersion },
      });
      return row!;
    });
  } catch (e) {
    // Two drafts started at once may pick the same version number: the unique constraint decides.
    if (e instanceof Error && /risk_rule_sets_version_unique/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`)) {
      throw new AppError('CONFLICT', 'Someone started a draft at the same moment. Try again.');
    }
    throw e;
  }
}
