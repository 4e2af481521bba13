'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { cancelApprovalRequest } from '@/lib/approvals/cancel-approval-request';
import { previewEligibleApprovers } from '@/lib/approvals/preview-eligible-approvers';
import { retryFailedRequest } from '@/lib/approvals/retry-failed-request';
import { saveApprovalPolicy } from '@/lib/approvals/save-approval-policy';
import { updateApprovalRequestPayload } from '@/lib/approvals/update-approval-request-payload';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';

export async function cancelApprovalRequestAction(input: unknown) {
  return runAction(async () => {
    await cancelApprovalRequest(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/approvals', 'layout');
  });
}

export async function retryApprovalRequestAction(requestId: unknown) {
  return runAction(async () => {
    const result = await retryFailedRequest(await getDb(), await getCurrentStaff(), { requestId });
    revalidatePath('/approvals', 'layout');
    return result;
  });
}

export async function updateApprovalPayloadAction(input: unknown) {
  return runAction(async () => {
    const result = await updateApprovalRequestPayload(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/approvals', 'layout');
    return result;
  });
}

export async function previewApproversAction(input: unknown) {
  return runAction(async () => previewEligibleApprovers(await getDb(), await getCurrentStaff(), input));
}

/** Saving a policy opens an approval request for the change; the editor navigates to it. */
export async function saveApprovalPolicyAction(input: unknown) {
  return runAction(async () => {
    const result = await saveApprovalPolicy(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/approvals', 'layout');
    return result;
  });
}
