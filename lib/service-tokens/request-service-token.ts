/**
 * Asks for a new service token: opens a `service-token.create` approval request (the action
 * type checks `create ServiceToken`). Nothing is generated until the request is approved.
 * The form's submission id is required: a resent request answers with the request the first
 * delivery opened instead of opening a second one (docs/ha.md).
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { createApprovalRequest, type TCreatedApprovalRequest } from '@/lib/approvals/create-approval-request';
import '@/lib/approvals/action-types';
import type { TActor } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { z } from '@/lib/zod-setup';
import { ZServiceTokenCreatePayload } from '@/lib/approvals/action-types/service-token-create';

export const ZRequestServiceTokenInput = z.strictObject({
  payload: ZServiceTokenCreatePayload,
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }),
  submissionId: z.uuid('The form is out of date; reload the page and try again'),
});

export async function requestServiceToken(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedApprovalRequest> {
  const parsed = ZRequestServiceTokenInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { payload, reason, submissionId } = parsed.data;
  return createApprovalRequest(db, actor, { actionType: 'service-token.create', payload, reason, submissionId });
}
