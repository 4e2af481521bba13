/**
 * Creates a staff member with a role and their first passkey, audited, inside the caller's
 * transaction. Shared by the first-administrator setup and invite acceptance.
 */
import 'server-only';
import { staff, staffRoles } from '@/db/schema';
import type { TTx } from '@/db/types';
import type { TAuditAction } from '@/lib/audit/event-types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { defaultPasskeyName, storePasskey, type TVerifiedRegistration } from '@/lib/auth/registration';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';

export async function enrolStaffWithPasskey(
  tx: TTx,
  input: {
    staffId: string;
    name: string;
    email: string;
    role: { id: string; key: string };
    credential: TVerifiedRegistration['credential'];
    meta: TRequestMeta;
    event: { action: TAuditAction; target: { type: string; id: string }; data: Record<string, unknown> };
  },
): Promise<{ staffId: string; passkeyId: string }> {
  const [created] = await tx
    .insert(staff)
    .values({ id: input.staffId, name: input.name, email: input.email })
    .onConflictDoNothing()
    .returning({ id: staff.id });
  if (!created) throw new AppError('CONFLICT', 'A staff member with this email already exists.');
  await tx.insert(staffRoles).values({ staffId: input.staffId, roleId: input.role.id });
  const passkey = await storePasskey(tx, {
    staffId: input.staffId,
    credential: input.credential,
    name: defaultPasskeyName(input.meta.userAgent, input.credential.backedUp),
  });
  const actor = { type: 'staff' as const, id: input.staffId };
  await appendAuditEvent(tx, {
    action: input.event.action,
    actor,
    target: input.event.target,
    result: 'success',
    meta: input.meta,
    after: { id: input.staffId, name: input.name, email: input.email, role: input.role.key },
    data: input.event.data,
  });
  await appendAuditEvent(tx, {
    action: 'passkey.added',
    actor,
    target: { type: 'passkey', id: passkey.id },
    result: 'success',
    meta: input.meta,
    authenticatorAaguid: passkey.aaguid,
    data: { staffId: input.staffId, deviceType: passkey.deviceType, backedUp: passkey.backedUp },
  });
  return { staffId: input.staffId, passkeyId: passkey.id };
}
