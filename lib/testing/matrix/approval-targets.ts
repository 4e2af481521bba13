/**
 * Matrix fixtures for approval requests (plain inserts, like targets.ts): an
 * `approval-policy.update` request evaluated under a fresh policy version whose one step needs
 * two of the named approvers. Each fixture gets its own policy version, so cells never share state.
 */
import { randomUUID } from 'node:crypto';
import { eq, max } from 'drizzle-orm';
import { approvalPolicies, approvalRequests, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { payloadHashOf } from '@/lib/approvals/decision-payload';
import { stepSignerColumns } from '@/lib/approvals/eligibility';
import { getActionType } from '@/lib/approvals/registry';
import '@/lib/approvals/action-types';

const TYPE = 'approval-policy.update';

export const MATRIX_POLICY_PAYLOAD = {
  actionType: 'audit.prune',
  basedOnVersion: 1,
  definition: { expiresInHours: 24, oneStepPerPerson: true, tiers: [{ name: 'Default', when: [], steps: [{ name: 'Two administrators', groups: [{ roleKey: 'administrator', staffIds: [], quorum: 2 }] }] }] },
};

/** A fresh active staff member, so a quorum of two never completes (and executes) in one cell. */
async function freshApprover(db: TDb): Promise<string> {
  const [row] = await db.insert(staff).values({ name: 'Quinn Quorum', email: `quorum-${randomUUID()}@example.test` }).returning({ id: staff.id });
  return row!.id;
}

export async function approvalRequestFixture(
  db: TDb,
  opts: { requesterId: string; approverIds?: string[]; status?: 'pending' | 'failed' },
): Promise<string> {
  const approvers = [...(opts.approverIds ?? []), await freshApprover(db)];
  const step = { name: 'Named approvers', groups: [{ staffIds: approvers, quorum: 2 }] };
  const definition = { expiresInHours: 24, oneStepPerPerson: true, tiers: [{ name: 'Matrix', when: [], steps: [step] }] };
  const [latest] = await db.select({ v: max(approvalPolicies.version) }).from(approvalPolicies).where(eq(approvalPolicies.actionType, TYPE));
  const [policy] = await db
    .insert(approvalPolicies)
    .values({ actionType: TYPE, version: (latest?.v ?? 0) + 1, definition })
    .returning({ id: approvalPolicies.id, version: approvalPolicies.version });
  const payload = MATRIX_POLICY_PAYLOAD;
  const failed = opts.status === 'failed';
  const [row] = await db
    .insert(approvalRequests)
    .values({
      actionType: TYPE,
      payload,
      payloadHash: payloadHashOf(payload),
      summary: getActionType(TYPE).summarize(payload),
      reason: 'matrix fixture',
      requesterId: opts.requesterId,
      policyId: policy!.id,
      policyVersion: policy!.version,
      tierIndex: 0,
      ...(failed ? { status: 'failed' as const, error: 'Execution failed', executionAttempts: 1 } : stepSignerColumns(step)),
      expiresAt: new Date(Date.now() + 24 * 3600_000),
    })
    .returning({ id: approvalRequests.id });
  return row!.id;
}
