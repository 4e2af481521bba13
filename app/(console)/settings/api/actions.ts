'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { requestServiceToken } from '@/lib/service-tokens/request-service-token';
import { revokeServiceToken } from '@/lib/service-tokens/revoke-service-token';
import { pickUpServiceToken } from '@/lib/service-tokens/service-token-pickup';

export async function requestServiceTokenAction(input: unknown) {
  return runAction(async () => {
    const created = await requestServiceToken(await getDb(), await getCurrentStaff(), input);
    return { requestId: created.id, approvers: created.eligibleApprovers.length };
  });
}

export async function revokeServiceTokenAction(tokenId: unknown) {
  return runAction(async () => {
    const result = await revokeServiceToken(await getDb(), await getCurrentStaff(), tokenId);
    revalidatePath('/settings/api');
    return result;
  });
}

/** Returns the plaintext token and signing secret once; the pickup row is gone afterwards. */
export async function pickUpServiceTokenAction(tokenId: unknown) {
  return runAction(async () => {
    // No revalidation here: re-rendering the list would unmount the dialog showing the secret; the client refreshes when it closes.
    const picked = await pickUpServiceToken(await getDb(), await getCurrentStaff(), tokenId);
    return { prefix: picked.prefix, token: picked.token, signingSecret: picked.signingSecret };
  });
}
