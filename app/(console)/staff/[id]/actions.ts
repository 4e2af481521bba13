'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { issueRecoveryLink } from '@/lib/staff/passkey-recovery';
import { requestPasskeyRecovery } from '@/lib/staff/request-passkey-recovery';
import { z } from '@/lib/zod-setup';

/** Opens a `staff.passkey-recovery` approval request; the dialog then navigates to it. */
export async function requestPasskeyRecoveryAction(input: unknown) {
  return runAction(async () => {
    const created = await requestPasskeyRecovery(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/approvals', 'layout');
    return { requestId: created.id };
  });
}

const ZIssueInput = z.strictObject({ requestId: z.uuid() });

/** Issues (or re-issues) the one-time recovery link of an executed recovery; shown once. */
export async function issueRecoveryLinkAction(input: unknown) {
  return runAction(async () => {
    const actor = await getCurrentStaff();
    const { requestId } = ZIssueInput.parse(input);
    const link = await issueRecoveryLink(await getDb(), actor, { requestId });
    revalidatePath('/staff', 'layout');
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}
