/**
 * Saves an edited draft: the whole definition is re-validated, card numbers are refused in any
 * list, and a save over a newer edit (or of a draft waiting for approval) is a conflict.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { assertNoCardNumbers } from '@/lib/pan/assert-no-card-numbers';
import { describeRuleSetChanges } from '../describe-rule-set-changes';
import { assertDraftEditable, loadRuleSetFor } from './load-rule-set';
import { ZUpdateDraftInput } from './rule-set-input';
import { parseStoredDefinition } from './rule-set-records';

export async function updateRiskRuleSetDraft(db: TDb, actor: TActor, raw: unknown): Promise<{ id: string; updatedAt: string; changes: string[] }> {
  await authorize(db, actor, 'update', 'RiskRuleSet');
  const parsed = ZUpdateDraftInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  assertNoCardNumbers(input.definition);
  // Unknown or forbidden ids are refused (and the denial audited) before any transaction opens: the denial's audit
  // event is written on its own connection and must survive the rollback, and PGlite has only one connection.
  await loadRuleSetFor(db, db, actor, 'update', input.id);
  return db.transaction(async (tx) => {
    const current = await loadRuleSetFor(db, tx, actor, 'update', input.id, true);
    await assertDraftEditable(tx, current);
    if (current.updatedAt.getTime() !== Date.parse(input.updatedAt)) {
      throw new AppError('CONFLICT', 'Someone else saved this draft after you opened it. Reload to see their version.');
    }
    const changes = describeRuleSetChanges(parseStoredDefinition(current), input.definition);
    const updatedAt = new Date(Math.max(Date.now(), current.updatedAt.getTime() + 1));
    await tx.update(riskRuleSets).set({ definition: input.definition, note: input.note, updatedAt }).where(eq(riskRuleSets.id, current.id));
    await appendAuditEvent(tx, {
      action: 'risk_rules.draft_updated',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'risk_rule_set', id: current.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { version: current.version, changes: changes.slice(0, 50).map((c) => c.slice(0, 300)) },
    });
    return { id: current.id, updatedAt: updatedAt.toISOString(), changes };
  });
}
