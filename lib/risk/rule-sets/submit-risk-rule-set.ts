/**
 * Submits a draft as a `risk-rules.update` approval request (in the same transaction as the
 * link on the draft). The payload carries the definition's hash and the readable changes, so
 * approvers sign exactly this version; the draft is frozen while the request is pending.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import { parsePayload, insertApprovalRequest } from '@/lib/approvals/create-approval-request';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { describeRuleSetChanges } from '../describe-rule-set-changes';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import { assertDraftEditable, loadRuleSetFor } from './load-rule-set';
import { ZSubmitRuleSetInput } from './rule-set-input';
import { definitionHash, parseStoredDefinition, toRuleSet } from './rule-set-records';
import { RISK_RULES_UPDATE } from './risk-rules-update-payload';

export async function submitRiskRuleSet(db: TDb, actor: TActor, raw: unknown): Promise<{ approvalRequestId: string }> {
  await authorize(db, actor, 'request', 'RiskRuleSet');
  const parsed = ZSubmitRuleSetInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  // Unknown or forbidden ids are refused (and the denial audited) before any transaction opens: the denial's audit
  // event is written on its own connection and must survive the rollback, and PGlite has only one connection.
  await loadRuleSetFor(db, db, actor, 'request', parsed.data.id);
  return db.transaction(async (tx) => {
    const row = await loadRuleSetFor(db, tx, actor, 'request', parsed.data.id, true);
    await assertDraftEditable(tx, row);
    const definition = parseStoredDefinition(row);
    const [active] = await tx.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'active'));
    const { version: _v, ...inForce } = active ? toRuleSet(active) : DEFAULT_RULE_SET;
    const changes = describeRuleSetChanges(inForce, definition);
    if (changes.length === 0) throw new AppError('VALIDATION', 'This draft changes nothing compared with the rules in force.');
    const { type, payload } = parsePayload(RISK_RULES_UPDATE, {
      ruleSetId: row.id,
      version: row.version,
      replacesVersion: active?.version ?? 1,
      definitionHash: definitionHash(definition),
      changes: changes.slice(0, 30).map((c) => c.slice(0, 200)),
    });
    const request = await insertApprovalRequest(tx, actor, { type, payload, reason: parsed.data.reason });
    await tx.update(riskRuleSets).set({ approvalRequestId: request.id }).where(eq(riskRuleSets.id, row.id));
    await appendAuditEvent(tx, {
      action: 'risk_rules.submitted',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'risk_rule_set', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { version: row.version, approvalRequestId: request.id, definitionHash: payload.definitionHash as string },
    });
    return { approvalRequestId: request.id };
  });
}
