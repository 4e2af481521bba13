'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { removePasskey, renamePasskey } from '@/lib/auth/manage-passkeys';
import { signOutEverywhereElse, signOutMySession } from '@/lib/auth/my-sessions';
import { runAction } from '@/lib/http/action-result';

const PATH = '/settings/security';

export async function renamePasskeyAction(input: unknown) {
  return runAction(async () => {
    await renamePasskey(await getDb(), await getCurrentStaff(), input);
    revalidatePath(PATH);
  });
}

export async function removePasskeyAction(passkeyId: unknown) {
  return runAction(async () => {
    await removePasskey(await getDb(), await getCurrentStaff(), passkeyId);
    revalidatePath(PATH);
  });
}

export async function signOutSessionAction(sessionId: unknown) {
  return runAction(async () => {
    await signOutMySession(await getDb(), await getCurrentStaff(), sessionId);
    revalidatePath(PATH);
  });
}

export async function signOutEverywhereElseAction() {
  return runAction(async () => {
    const count = await signOutEverywhereElse(await getDb(), await getCurrentStaff());
    revalidatePath(PATH);
    return { count };
  });
}
