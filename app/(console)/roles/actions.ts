'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { createRole } from '@/lib/roles/create-role';
import { deleteRole } from '@/lib/roles/delete-role';
import { updateRole } from '@/lib/roles/update-role';

/** Input: { key, name, description?, rules, acknowledgeSod? } (ZCreateRoleInput). */
export async function createRoleAction(input: unknown) {
  return runAction(async () => {
    const created = await createRole(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/roles', 'layout');
    return created;
  });
}

/** Input: { id, updatedAt, name, description?, rules, acknowledgeSod? } (ZUpdateRoleInput). */
export async function updateRoleAction(input: unknown) {
  return runAction(async () => {
    const updated = await updateRole(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/roles', 'layout');
    return updated;
  });
}

/** Input: the role id. */
export async function deleteRoleAction(roleId: unknown) {
  return runAction(async () => {
    await deleteRole(await getDb(), await getCurrentStaff(), roleId);
    revalidatePath('/roles', 'layout');
  });
}
