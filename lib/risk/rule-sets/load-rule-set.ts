/** Loads a stored rule set the actor may act on, locking it when asked. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { approvalRequests, riskRuleSets } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import type { TAction } from '@/lib/permissions/vocabulary';
import { asSubject } from '@/lib/permissions/as-subject';
import { subjectRecord, type TRiskRuleSetRow } from './rule-set-records';

export async function loadRuleSetFor(db: TDb, tx: TDbOrTx, actor: TActor, action: TAction, id: string, lock = false): Promise<TRiskRuleSetRow> {
  const query = tx.select().from(riskRuleSets).where(eq(riskRuleSets.id, id));
  const [row] = lock ? await query.for('update') : await query;
  // Unknown ids are refused like invisible ones (and audited), so ids cannot be probed.
  if (!row) throw await denyAccess(db, actor, { action, subject: 'RiskRuleSet', targetId: id, noun: 'rule set' }, 'NOT_FOUND');
  if (!actor.ability.can(action, asSubject('RiskRuleSet', subjectRecord(row)))) {
    throw await denyAccess(db, actor, { action, subject: 'RiskRuleSet', targetId: id }, action === 'read' ? 'NOT_FOUND' : 'FORBIDDEN');
  }
  return row;
}

/** A draft waiting on a pending approval request is frozen: approvers sign exactly what they saw. */
export async function assertDraftEditable(tx: TDbOrTx, row: TRiskRuleSetRow): Promise<void> {
  if (row.status !== 'draft') throw new AppError('CONFLICT', `Rule set v${row.version} is ${row.status}; only drafts can change.`);
  if (!row.approvalRequestId) return;
  const [req] = await tx.select({ status: approvalRequests.status }).from(approvalRequests).where(eq(approvalRequests.id, row.approvalRequestId));
  if (req?.status === 'pending') {
    throw new AppError('CONFLICT', `Rule set v${row.version} is waiting for approval; cancel that request to change it.`);
  }
}
