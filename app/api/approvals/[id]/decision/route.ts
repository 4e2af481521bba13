import { getDb } from '@/db/client';
import { decideApprovalRequest, ZDecisionRequestBody } from '@/lib/approvals/decide-approval-request';
import { currentBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

/** Records a passkey-signed approve/reject; the final approval executes the action exactly once. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await getCurrentStaff();
  const body = ZDecisionRequestBody.safeParse(await readJsonBody(req, 32 * 1024));
  if (!body.success) throw validationError(body.error.issues);
  const { response, ...rest } = body.data;
  return decideApprovalRequest(await getDb(), actor, { requestId: params.id, ...rest, proof: response, bindingHash: await currentBrowserBinding() });
});
