/**
 * "Nothing changed" for a refused request: a digest per table of every row an authorisation
 * mistake could touch, and the audit events appended since a point in the chain. Activity
 * bookkeeping (sessions.last_seen_at, passkey counters on sign-in) is deliberately left out.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, max, ne } from 'drizzle-orm';
import { auditEvents, invites, notificationReads, notifications, outboxMessages, passkeys, roles, sessions, setupTokens, staff, staffRoles, transactionNotes, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';

export type TTableDigest = Record<string, string>;

const hash = (rows: unknown[]): string => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

/**
 * Digests the guarded tables. `ignoreSessionId` leaves out the caller's own session: the server
 * is expected to close a session it finds expired or belonging to a disabled person (checked
 * separately by the runner).
 */
export async function digestGuardedTables(db: TDb, ignoreSessionId?: string | null): Promise<TTableDigest> {
  const [staffRows, staffRoleRows, roleRows, inviteRows, passkeyRows, sessionRows, setupRows, notificationRows, readRows, outboxRows, transactionRows, noteRows] = await Promise.all([
    db.select().from(staff).orderBy(asc(staff.id)),
    db.select().from(staffRoles).orderBy(asc(staffRoles.staffId), asc(staffRoles.roleId)),
    db.select().from(roles).orderBy(asc(roles.id)),
    db.select().from(invites).orderBy(asc(invites.id)),
    db.select().from(passkeys).orderBy(asc(passkeys.id)),
    db
      .select({ id: sessions.id, endedAt: sessions.endedAt, endReason: sessions.endReason, lastPasskeyAt: sessions.lastPasskeyAt })
      .from(sessions)
      .where(ignoreSessionId ? ne(sessions.id, ignoreSessionId) : undefined)
      .orderBy(asc(sessions.id)),
    db.select().from(setupTokens).orderBy(asc(setupTokens.id)),
    db.select().from(notifications).orderBy(asc(notifications.id)),
    db.select().from(notificationReads).orderBy(asc(notificationReads.notificationId), asc(notificationReads.staffId)),
    db.select().from(outboxMessages).orderBy(asc(outboxMessages.id)),
    // Review queue: state, holder and version of every transaction (bigint amounts left out: JSON cannot hold them), and notes.
    db.select({ id: transactions.id, status: transactions.status, assigneeId: transactions.assigneeId, version: transactions.version, slaDueAt: transactions.slaDueAt }).from(transactions).orderBy(asc(transactions.id)),
    db.select().from(transactionNotes).orderBy(asc(transactionNotes.id)),
  ]);
  return {
    staff: hash(staffRows),
    staff_roles: hash(staffRoleRows),
    roles: hash(roleRows),
    invites: hash(inviteRows),
    passkeys: hash(passkeyRows),
    sessions: hash(sessionRows),
    setup_tokens: hash(setupRows),
    notifications: hash(notificationRows),
    notification_reads: hash(readRows),
    outbox_messages: hash(outboxRows),
    transactions: hash(transactionRows),
    transaction_notes: hash(noteRows),
  };
}

/** Names of the tables whose digest differs. */
export function changedTables(before: TTableDigest, after: TTableDigest): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

/** The last sequence number of the main audit chain (0 when empty). */
export async function auditHighWater(db: TDb): Promise<number> {
  const [row] = await db.select({ seq: max(auditEvents.seq) }).from(auditEvents).where(eq(auditEvents.chain, 'main'));
  return Number(row?.seq ?? 0);
}

export type TDenialEvent = { actorId: string | null; targetId: string | null; data: Record<string, unknown> | null };

/** `authz.denied` events appended after `sinceSeq`. */
export async function denialsSince(db: TDb, sinceSeq: number): Promise<TDenialEvent[]> {
  return db
    .select({ actorId: auditEvents.actorId, targetId: auditEvents.targetId, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, 'main'), eq(auditEvents.action, 'authz.denied'), gt(auditEvents.seq, sinceSeq)))
    .orderBy(asc(auditEvents.seq));
}

/** How the caller's own session looks now (to check a 401 closed it for the right reason). */
export async function sessionEnd(db: TDb, sessionId: string): Promise<{ endedAt: Date | null; endReason: string | null } | undefined> {
  const [row] = await db.select({ endedAt: sessions.endedAt, endReason: sessions.endReason }).from(sessions).where(eq(sessions.id, sessionId));
  return row;
}
