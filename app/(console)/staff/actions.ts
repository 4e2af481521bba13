'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { revokeInvite, submitInvite } from '@/lib/staff/invites';
import { setStaffStatus } from '@/lib/staff/staff-directory';
import { assignStaffRoles } from '@/lib/staff/assign-staff-roles';
import { simulateAccess } from '@/lib/authz/simulate-access';

export async function createInviteAction(input: unknown) {
  return runAction(async () => {
    const invite = await submitInvite(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/staff');
    if ('approvalRequestId' in invite) return { approvalRequestId: invite.approvalRequestId };
    return { url: invite.url, expiresAt: invite.expiresAt.toISOString() };
  });
}

export async function revokeInviteAction(inviteId: unknown) {
  return runAction(async () => {
    await revokeInvite(await getDb(), await getCurrentStaff(), inviteId);
    revalidatePath('/staff');
  });
}

export async function setStaffStatusAction(input: unknown) {
  return runAction(async () => {
    await setStaffStatus(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/staff');
  });
}

export async function assignStaffRolesAction(input: unknown) {
  return runAction(async () => {
    const result = await assignStaffRoles(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/staff');
    return result;
  });
}

export async function simulateAccessAction(input: unknown) {
  return runAction(async () => simulateAccess(await getDb(), await getCurrentStaff(), input));
}
