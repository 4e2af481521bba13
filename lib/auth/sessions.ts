/**
 * Sessions: the database row is the source of truth (the JWT only names it). New id at
 * every sign-in; idle timeout (SESSION_IDLE_SECONDS, ≤ 15 min in production, PCI DSS 8.2.8);
 * absolute lifetime (SESSION_ABSOLUTE_HOURS); revocable; ends when the staff member is disabled.
 */
import 'server-only';
import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { sessions, staff } from '@/db/schema';
import type { TDb, TDbOrTx, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { env } from '@/lib/env';
import type { TRequestMeta } from '@/lib/http/request-meta';

export type TSessionRow = typeof sessions.$inferSelect;
export type TStaffRow = typeof staff.$inferSelect;
export type TEndReason = NonNullable<TSessionRow['endReason']>;

export type TSessionState =
  | { kind: 'active'; session: TSessionRow; staff: TStaffRow }
  | { kind: 'idle'; session: TSessionRow; staff: TStaffRow }
  | { kind: 'none'; reason: 'missing' | TEndReason };

export async function createSession(
  tx: TDbOrTx,
  input: { staffId: string; passkeyId: string | null; meta: TRequestMeta; place?: Record<string, unknown> | null },
): Promise<TSessionRow> {
  const now = new Date();
  const [row] = await tx
    .insert(sessions)
    .values({
      staffId: input.staffId,
      passkeyId: input.passkeyId,
      createdAt: now,
      lastSeenAt: now,
      lastPasskeyAt: now,
      expiresAt: new Date(now.getTime() + env().sessionAbsoluteHours * 3600_000),
      ip: input.meta.ip,
      userAgent: input.meta.userAgent,
      place: input.place ?? null,
    })
    .returning();
  return row!;
}

type TSessionAudit = { actor: { type: 'staff'; id: string } | { type: 'system' }; meta?: TRequestMeta };

/**
 * Ends the open sessions matching `where` (conditional update, so each ends once) and audits
 * each one with the caller's transaction, so the cause and the revocation commit together.
 */
export async function endOpenSessionsIn(tx: TTx, where: SQL, reason: TEndReason, audit: TSessionAudit): Promise<TSessionRow[]> {
  const ended = await tx
    .update(sessions)
    .set({ endedAt: new Date(), endReason: reason })
    .where(and(where, isNull(sessions.endedAt)))
    .returning();
  const action =
    reason === 'idle' ? 'session.idle_expired'
    : reason === 'expired' ? 'session.expired'
    : reason === 'signed-out' ? 'auth.signed_out'
    : 'session.revoked';
  for (const s of ended) {
    await appendAuditEvent(tx, {
      action,
      actor: audit.actor,
      target: { type: 'session', id: s.id },
      result: 'success',
      reason,
      meta: { ...audit.meta, sessionId: s.id },
      data: action === 'session.revoked' ? { staffId: s.staffId, scope: reason } : { staffId: s.staffId },
    });
  }
  return ended;
}

/** Ends an open session once (conditional update) and audits why, in one transaction. */
export async function endSession(db: TDb, sessionId: string, reason: TEndReason, audit: TSessionAudit): Promise<boolean> {
  return db.transaction(async (tx) => (await endOpenSessionsIn(tx, eq(sessions.id, sessionId), reason, audit)).length > 0);
}

/**
 * Resolves a session id to its state, ending it on the spot when it has become idle or
 * expired or its staff member was disabled, and otherwise recording this request as activity.
 * A background request (`activity: false`, e.g. Live polling) passes the same checks but is not
 * recorded, so it can only let the session go idle sooner, never keep it open.
 */
export async function resolveSession(
  db: TDb,
  sessionId: string | null | undefined,
  meta?: TRequestMeta,
  opts: { activity?: boolean } = {},
): Promise<TSessionState> {
  if (!sessionId || !/^[0-9a-f-]{36}$/i.test(sessionId)) return { kind: 'none', reason: 'missing' };
  const [row] = await db
    .select({ session: sessions, staff })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(eq(sessions.id, sessionId));
  if (!row) return { kind: 'none', reason: 'missing' };
  const now = Date.now();
  const system = { actor: { type: 'system' as const }, meta };
  if (row.session.endedAt) {
    const stillIdle = row.session.endReason === 'idle' && row.session.expiresAt.getTime() > now && row.staff.status === 'active';
    return stillIdle ? { kind: 'idle', ...row } : { kind: 'none', reason: row.session.endReason ?? 'revoked' };
  }
  if (row.staff.status !== 'active') {
    await endSession(db, sessionId, 'staff-disabled', system);
    return { kind: 'none', reason: 'staff-disabled' };
  }
  if (row.session.expiresAt.getTime() <= now) {
    await endSession(db, sessionId, 'expired', system);
    return { kind: 'none', reason: 'expired' };
  }
  if (now - row.session.lastSeenAt.getTime() > env().sessionIdleSeconds * 1000) {
    await endSession(db, sessionId, 'idle', system);
    return { kind: 'idle', session: { ...row.session, endedAt: new Date(), endReason: 'idle' }, staff: row.staff };
  }
  if (opts.activity === false) return { kind: 'active', session: row.session, staff: row.staff };
  const [touched] = await db
    .update(sessions)
    .set({ lastSeenAt: new Date(now) })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
    .returning();
  if (!touched) return resolveSession(db, sessionId, meta, opts);
  return { kind: 'active', session: touched, staff: row.staff };
}

export async function listOpenSessions(db: TDbOrTx, staffId: string): Promise<TSessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt), sql`${sessions.expiresAt} > now()`))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

/** Ends every open session of a staff member except one (or all when `exceptId` is null). */
export async function endSessionsOf(
  db: TDb,
  staffId: string,
  exceptId: string | null,
  reason: TEndReason,
  audit: TSessionAudit,
): Promise<number> {
  const open = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt), exceptId ? ne(sessions.id, exceptId) : undefined));
  let count = 0;
  for (const s of open) if (await endSession(db, s.id, reason, audit)) count++;
  return count;
}
