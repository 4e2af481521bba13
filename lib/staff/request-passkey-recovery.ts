/**
 * Starts passkey recovery for a staff member: opens a `staff.passkey-recovery` approval request
 * (two administrators) with the person's name taken from the database, never from the client.
 * Nothing changes for the person until the request executes (lib/staff/passkey-recovery.ts).
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { approvalRequests, staffRecoveryTickets } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createApprovalRequest, type TCreatedApprovalRequest } from '@/lib/approvals/create-approval-request';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';
import { z } from '@/lib/zod-setup';
import { findStaffFor } from './staff-ability';

export const ZRequestPasskeyRecoveryInput = z.strictObject({
  staffId: z.uuid(),
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }),
});

export async function requestPasskeyRecovery(db: TDb, actor: TActor, raw: unknown): Promise<TCreatedApprovalRequest> {
  await authorize(db, actor, 'update', 'Staff');
  const parsed = ZRequestPasskeyRecoveryInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { staffId, reason } = parsed.data;
  // On the record: `update Staff where region = ${actor.region}` covers only some people.
  const person = await findStaffFor(db, actor, 'update', staffId);
  return createApprovalRequest(db, actor, { actionType: 'staff.passkey-recovery', payload: { staffId, staffName: person.name }, reason });
}

export type TStaffRecoveryState = {
  /** A recovery request still collecting approvals (or approved, about to execute). */
  open: { requestId: string; status: string } | null;
  /** An executed recovery whose link the person has not used yet: the link can be (re-)issued. */
  awaitingLink: { requestId: string; issuedAt: Date | null; expiresAt: Date | null } | null;
};

/** What the staff page shows about recovery for one person. The caller must already be allowed to read staff. */
export async function getStaffRecoveryState(db: TDb, staffId: string): Promise<TStaffRecoveryState> {
  const [open] = await db
    .select({ requestId: approvalRequests.id, status: approvalRequests.status })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.actionType, 'staff.passkey-recovery'), inArray(approvalRequests.status, ['pending', 'approved']), sql`${approvalRequests.payload}->>'staffId' = ${staffId}`))
    .orderBy(desc(approvalRequests.createdAt))
    .limit(1);
  const [ticket] = await db
    .select({ requestId: staffRecoveryTickets.requestId, issuedAt: staffRecoveryTickets.issuedAt, expiresAt: staffRecoveryTickets.expiresAt })
    .from(staffRecoveryTickets)
    .where(and(eq(staffRecoveryTickets.staffId, staffId), isNull(staffRecoveryTickets.usedAt)))
    .orderBy(desc(staffRecoveryTickets.createdAt))
    .limit(1);
  return { open: open ?? null, awaitingLink: ticket ?? null };
}
