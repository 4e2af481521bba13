/** Test factories for approvals: signers with roles and a soft passkey, a test action type, signed decisions. */
import { and, count, eq } from 'drizzle-orm';
import { approvalDecisions, approvalRequests, settings } from '@/db/schema';
import type { TDb } from '@/db/types';
import { z } from 'zod';
import { defineActionType, registeredActionTypes } from '../action-type';
import { createDecisionSignatureOptions } from '../create-decision-signature-options';
import { decideApprovalRequest } from '../decide-approval-request';
import { createSigner, type TSigner } from './signer';

export { createSigner, type TSigner } from './signer';

export const TEST_ACTION = 'test.transfer';
/** Set per test: makes the next executions throw (or run a callback inside the execution transaction). */
export const testExecutor: { fail: string | null; during: ((tx: Parameters<Parameters<TDb['transaction']>[0]>[0]) => Promise<void>) | null } = { fail: null, during: null };

/** A test action type: ≥ 50,000.00 EUR → ops ×2 AND compliance ×1, then administrator ×1; otherwise ops ×1. */
export function defineTestActionType(): void {
  if (registeredActionTypes().has(TEST_ACTION)) return;
  defineActionType({
    key: TEST_ACTION,
    label: 'Test transfer',
    editablePayload: true,
    payloadSchema: z.strictObject({ amountMinor: z.string().regex(/^\d{1,18}$/), currency: z.string().length(3), note: z.string().max(100) }),
    defaultPolicy: {
      tiers: [
        {
          name: 'High value',
          when: [{ field: 'amountMinor', op: 'gte', value: '5000000' }, { field: 'currency', op: 'eq', value: 'EUR' }],
          steps: [
            { name: 'Operations and compliance', groups: [{ roleKey: 'ops-approver', quorum: 2 }, { roleKey: 'compliance-officer', quorum: 1 }] },
            { name: 'Administrator', groups: [{ roleKey: 'administrator', quorum: 1 }] },
          ],
        },
        { name: 'Default', steps: [{ name: 'Operations', groups: [{ roleKey: 'ops-approver', quorum: 1 }] }] },
      ],
    },
    summarize: (p) => `Transfer ${p.amountMinor} minor units of ${p.currency}: ${p.note}`,
    requestPermission: { action: 'read', subject: 'Staff' },
    amountOf: (p) => ({ amountMinor: BigInt(p.amountMinor), currency: p.currency }),
    execute: async (tx, p, ctx) => {
      if (testExecutor.during) await testExecutor.during(tx);
      await tx.insert(settings).values({ key: `test-exec:${ctx.requestId}`, value: { note: p.note, approvers: ctx.approverIds.length } });
      if (testExecutor.fail) throw new Error(testExecutor.fail);
      return { done: true };
    },
  });
}

export async function executions(db: TDb, requestId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(settings).where(eq(settings.key, `test-exec:${requestId}`));
  return Number(row?.n ?? 0);
}

export async function requestRow(db: TDb, id: string) {
  const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
  return row!;
}

export async function decisionCount(db: TDb, requestId: string, staffId?: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(approvalDecisions)
    .where(staffId ? and(eq(approvalDecisions.requestId, requestId), eq(approvalDecisions.staffId, staffId)) : eq(approvalDecisions.requestId, requestId));
  return Number(row?.n ?? 0);
}

/** A real assertion from the signer's soft passkey over the decision challenge the server issued. */
export async function signDecision(db: TDb, who: TSigner, r: { id: string; version: number }, step: number, decision: 'approve' | 'reject' = 'approve', opts: { counter?: number; userVerified?: boolean } = {}) {
  const { options } = await createDecisionSignatureOptions(db, { actor: await who.actor(), bindingHash: who.binding, requestId: r.id, version: r.version, step, decision });
  return who.auth.assert(options.challenge, opts);
}

export async function decide(db: TDb, who: TSigner, r: { id: string; version: number }, step: number, decision: 'approve' | 'reject' = 'approve', proof?: Awaited<ReturnType<typeof signDecision>>) {
  const signed = proof ?? (await signDecision(db, who, r, step, decision));
  return decideApprovalRequest(db, await who.actor(), { requestId: r.id, version: r.version, step, decision, comment: `${decision} by ${who.name}`, proof: signed, bindingHash: who.binding });
}

/** Two fresh administrators sign the open step of a request (the default policy of the built-in privileged action types). */
export async function approveByTwoAdministrators(db: TDb, requestId: string) {
  let result: Awaited<ReturnType<typeof decideApprovalRequest>> | undefined;
  const approverIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const approver = await createSigner(db, ['administrator'], `Approving admin ${i + 1}`);
    approverIds.push(approver.staffId);
    const row = await requestRow(db, requestId);
    result = await decide(db, approver, { id: requestId, version: row.version }, row.currentStep);
  }
  return { ...result!, approverIds };
}
