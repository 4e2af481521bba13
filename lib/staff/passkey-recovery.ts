/**
 * Passkey recovery after an approved `staff.passkey-recovery` request: the executor revokes
 * the person's passkeys and sessions and opens a ticket; the requester or an administrator, if
 * allowed to update that person, issues the one-time link (24 h, token stored as a hash, re-issuing replaces
 * it); the person enrols a new passkey with it and is signed in.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { approvalRequests, passkeys, sessions, staff, staffRecoveryTickets } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import type { TExecuteContext } from '@/lib/approvals/action-type';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { createRegistrationOptions, defaultPasskeyName, storePasskey, verifyRegistration } from '@/lib/auth/registration';
import { issueEnrolmentTicket } from '@/lib/auth/sign-in';
import { randomToken, sha256Hex, ZLinkToken } from '@/lib/auth/tokens';
import type { TRegistrationResponse } from '@/lib/auth/webauthn-schemas';
import { denyAccess } from '@/lib/authz/authorize';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { asSubject } from '@/lib/permissions/as-subject';
import { staffSubject } from './staff-ability';
import { requireRecentPasskey } from '@/lib/auth/step-up';

const LINK_HOURS = 24;
const NOT_VALID = 'This recovery link is not valid any more. Ask an administrator for a new one.';

export async function validatePasskeyRecoveryRequest(tx: TTx, p: { staffId: string }, requesterId: string): Promise<void> {
  if (p.staffId === requesterId) throw new AppError('CONFLICT', 'Ask another administrator to request recovery of your own passkeys.');
  const [person] = await tx.select({ status: staff.status }).from(staff).where(eq(staff.id, p.staffId));
  if (!person) throw new AppError('NOT_FOUND', 'No such staff member.');
  if (person.status !== 'active') throw new AppError('CONFLICT', 'This staff member is disabled; enable them first.');
}

export async function executePasskeyRecovery(tx: TTx, p: { staffId: string }, ctx: TExecuteContext): Promise<Record<string, unknown>> {
  const removed = await tx.delete(passkeys).where(eq(passkeys.staffId, p.staffId)).returning({ id: passkeys.id });
  const ended = await tx.update(sessions).set({ endedAt: new Date(), endReason: 'revoked' }).where(and(eq(sessions.staffId, p.staffId), isNull(sessions.endedAt))).returning({ id: sessions.id });
  const [ticket] = await tx.insert(staffRecoveryTickets).values({ staffId: p.staffId, requestId: ctx.requestId }).returning({ id: staffRecoveryTickets.id });
  await appendAuditEvent(tx, {
    action: 'staff.recovery_started',
    actor: { type: 'staff', id: ctx.requesterId },
    target: { type: 'staff', id: p.staffId },
    result: 'success',
    reason: `approved request ${ctx.requestId}`,
    meta: ctx.meta,
    data: { staffId: p.staffId, passkeysRemoved: removed.length, sessionsEnded: ended.length },
  });
  return { staffId: p.staffId, passkeysRemoved: removed.length, sessionsEnded: ended.length, ticketId: ticket!.id };
}

/** The one-time recovery link for an executed recovery request; replaces any earlier link. */
export async function issueRecoveryLink(db: TDb, actor: TActor, input: { requestId: string }): Promise<{ url: string; expiresAt: Date }> {
  const [row] = await db
    .select({ ticket: staffRecoveryTickets, requesterId: approvalRequests.requesterId })
    .from(staffRecoveryTickets)
    .innerJoin(approvalRequests, eq(approvalRequests.id, staffRecoveryTickets.requestId))
    .where(eq(staffRecoveryTickets.requestId, input.requestId));
  const [person] = row ? await db.select().from(staff).where(eq(staff.id, row.ticket.staffId)) : [];
  // Whoever issues it (the requester included) must still be allowed to update this very person: the link takes over their account.
  if (!row || !person || !actor.ability.can('update', asSubject('Staff', staffSubject(person)))) {
    throw await denyAccess(db, actor, { action: 'update', subject: 'Staff', targetId: input.requestId, noun: 'recovery request' }, 'NOT_FOUND');
  }
  if (row.ticket.usedAt) throw new AppError('CONFLICT', 'This recovery was already completed.');
  // The link enrols a passkey on someone else's account: a fresh passkey confirmation, as for invites.
  requireRecentPasskey(actor);
  const token = randomToken();
  const expiresAt = new Date(Date.now() + LINK_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    const [issued] = await tx
      .update(staffRecoveryTickets)
      .set({ tokenHash: sha256Hex(token), issuedAt: new Date(), expiresAt })
      .where(and(eq(staffRecoveryTickets.id, row.ticket.id), isNull(staffRecoveryTickets.usedAt)))
      .returning({ id: staffRecoveryTickets.id });
    if (!issued) throw new AppError('CONFLICT', 'This recovery was already completed.');
    await appendAuditEvent(tx, {
      action: 'staff.recovery_link_issued',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'staff', id: row.ticket.staffId },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { staffId: row.ticket.staffId, expiresAt: expiresAt.toISOString() },
    });
  });
  return { url: `${env().publicOrigin}/recover/${token}`, expiresAt };
}

async function openTicket(db: TDb | TTx, token: string) {
  if (!ZLinkToken.test(token)) return undefined;
  const [row] = await db
    .select({ ticket: staffRecoveryTickets, name: staff.name, email: staff.email, status: staff.status })
    .from(staffRecoveryTickets)
    .innerJoin(staff, eq(staff.id, staffRecoveryTickets.staffId))
    .where(and(eq(staffRecoveryTickets.tokenHash, sha256Hex(token)), isNull(staffRecoveryTickets.usedAt), sql`${staffRecoveryTickets.expiresAt} > now()`));
  return row && row.status === 'active' ? row : undefined;
}

/** The person an open recovery link belongs to (for the public /recover page), or undefined for an unknown, used or expired link. */
export async function findOpenRecovery(db: TDb, token: string): Promise<{ name: string } | undefined> {
  const open = await openTicket(db, token);
  return open ? { name: open.name } : undefined;
}

export async function startRecoveryEnrolment(db: TDb, input: { token: string; bindingHash: string }) {
  const open = await openTicket(db, input.token);
  if (!open) throw new AppError('GONE', NOT_VALID);
  return createRegistrationOptions(db, {
    bindingHash: input.bindingHash,
    userId: open.ticket.staffId,
    userName: open.email,
    displayName: open.name,
    staffId: open.ticket.staffId,
    context: { flow: 'recovery', ticketId: open.ticket.id, staffId: open.ticket.staffId },
  });
}

export async function finishRecoveryEnrolment(
  db: TDb,
  input: { token: string; response: TRegistrationResponse; bindingHash: string; meta: TRequestMeta },
): Promise<{ staffId: string; ticket: string }> {
  const open = await openTicket(db, input.token);
  const verified = await verifyRegistration(db, { response: input.response, bindingHash: input.bindingHash });
  const ctx = verified.context;
  if (!open || ctx.flow !== 'recovery' || ctx.ticketId !== open.ticket.id || ctx.staffId !== open.ticket.staffId) throw new AppError('GONE', NOT_VALID);
  const staffId = open.ticket.staffId;
  const passkey = await db.transaction(async (tx) => {
    const [used] = await tx
      .update(staffRecoveryTickets)
      .set({ usedAt: new Date() })
      .where(and(eq(staffRecoveryTickets.id, open.ticket.id), isNull(staffRecoveryTickets.usedAt), sql`${staffRecoveryTickets.expiresAt} > now()`))
      .returning();
    if (!used) throw new AppError('GONE', NOT_VALID);
    const stored = await storePasskey(tx, { staffId, credential: verified.credential, name: defaultPasskeyName(input.meta.userAgent, verified.credential.backedUp) });
    await tx.update(staffRecoveryTickets).set({ passkeyId: stored.id }).where(eq(staffRecoveryTickets.id, open.ticket.id));
    await appendAuditEvent(tx, {
      action: 'staff.passkey_recovered',
      actor: { type: 'staff', id: staffId },
      target: { type: 'passkey', id: stored.id },
      result: 'success',
      meta: input.meta,
      authenticatorAaguid: stored.aaguid,
      data: { staffId, passkeyId: stored.id },
    });
    return stored;
  });
  const ticket = await issueEnrolmentTicket(db, { staffId, passkeyId: passkey.id, bindingHash: input.bindingHash });
  return { staffId, ticket };
}
