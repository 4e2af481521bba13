/**
 * Guardrail shared by disabling staff and changing roles: the console always keeps one active
 * administrator. The administrators' rows are locked so two concurrent changes cannot both pass.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { roles, staff, staffRoles } from '@/db/schema';
import type { TTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';

/** Throws CONFLICT when `staffId` is the only active administrator. */
export async function assertNotLastAdministrator(tx: TTx, staffId: string, consequence: string): Promise<void> {
  const admins = await tx
    .select({ id: staff.id })
    .from(staff)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(and(eq(roles.key, ADMINISTRATOR_ROLE_KEY), eq(staff.status, 'active')))
    .for('update', { of: staff });
  if (admins.some((a) => a.id === staffId) && !admins.some((a) => a.id !== staffId)) {
    throw new AppError('CONFLICT', `This is the last active administrator; ${consequence}`);
  }
}
