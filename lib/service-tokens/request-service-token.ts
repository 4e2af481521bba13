/**
 * Asks for a new service token: opens a `service-token.create` approval request (the action
 * type checks `create ServiceToken`). Nothing is generated until the request is approved.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { createApprovalRequest, type TCreatedApprovalRequest } from '@/lib/approvals/create-approval-request';
import '@/lib/approvals/action-types';
import type { TActor } from '@/lib/auth/current-staff';
import { z } from '@/lib/zod-setup';
import { ZServiceTokenCreatePayload } from '@/lib/approvals/action-types/service-token-create';

export const ZRequestServiceTokenInput = z.strictObject({
  payload: ZServiceTokenCreatePayload,
  reason: z.string().trim().min(3).max(1000),
});

export async function requestServiceToken(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedApprovalRequest> {
  const input = ZRequestServiceTokenInput.parse(raw);
  return createApprovalRequest(db, actor, { actionType: 'service-token.create', payload: input.payload, reason: input.reason });
}
