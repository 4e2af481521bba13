/**
 * Saving a policy never changes it directly: after full validation it opens an
 * `approval-policy.update` request, and the new version is stored when that request executes.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { z } from '@/lib/zod-setup';
import { createApprovalRequest, type TCreatedApprovalRequest } from './create-approval-request';
import { currentPolicy } from './policy-store';
import { getActionType } from './registry';
import { validatePolicy } from './validate-policy';

export const ZSavePolicyInput = z.strictObject({
  actionType: z.string().min(3).max(64),
  definition: z.unknown(),
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }),
  /** The version the editor loaded (defaults to the one in force). */
  basedOnVersion: z.number().int().min(1).optional(),
});

export async function saveApprovalPolicy(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedApprovalRequest & { requestId: string }> {
  await authorize(db, actor, 'update', 'ApprovalPolicy');
  const parsed = ZSavePolicyInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const type = getActionType(parsed.data.actionType);
  const checked = await validatePolicy(db, parsed.data.definition);
  if (!checked.ok) throw new AppError('VALIDATION', checked.issues.map((i) => `definition.${i.path}: ${i.message}`).join('; '), { issues: checked.issues.map((i) => ({ path: `definition.${i.path}`, message: i.message })) });
  const inForce = await currentPolicy(db, type);
  const basedOnVersion = parsed.data.basedOnVersion ?? inForce.version;
  if (basedOnVersion !== inForce.version) throw new AppError('CONFLICT', 'The policy changed since you opened it. Reload and apply your changes again.');
  const created = await createApprovalRequest(db, actor, { actionType: 'approval-policy.update', payload: { actionType: type.key, basedOnVersion, definition: checked.definition }, reason: parsed.data.reason });
  return { ...created, requestId: created.id };
}
