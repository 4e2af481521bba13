import { z } from 'zod';
import { getDb } from '@/db/client';
import { decideApprovalRequest } from '@/lib/approvals/decide-approval-request';
import { currentBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

const ZBody = z.strictObject({
  version: z.number().int().min(1),
  step: z.number().int().min(0),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().min(1, 'A comment is required').max(1000),
  response: z.unknown(),
});

/** Records a passkey-signed approve/reject; the final approval executes the action exactly once. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await getCurrentStaff();
  const body = ZBody.safeParse(await readJsonBody(req, 32 * 1024));
  if (!body.success) throw validationError(body.error.issues);
  const { response, ...rest } = body.data;
  return decideApprovalRequest(await getDb(), actor, { requestId: params.id, ...rest, proof: response, bindingHash: await currentBrowserBinding() });
});
