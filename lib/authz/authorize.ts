/**
 * The data layer's authorisation gate. A refusal is never silent: it writes an `authz.denied`
 * audit event in its own transaction (the caller's would roll back with the error) and then
 * throws — FORBIDDEN for a refused action, NOT_FOUND for a record the actor may not see (the
 * same answer as a record that does not exist, so ids cannot be probed).
 */
import 'server-only';
import { subject as caslSubject } from '@casl/ability';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError } from '@/lib/errors';
import type { TAction, TSubject } from '@/lib/permissions/vocabulary';

/** `noun` names the thing in the message when it is not the subject itself (e.g. a passkey of a Staff member). */
type TDenial = { action: TAction; subject: TSubject; targetId?: string; noun?: string };

/** Records a refused access and returns the error to throw. */
export async function denyAccess(db: TDb, actor: TActor, denial: TDenial, as: 'FORBIDDEN' | 'NOT_FOUND' = 'FORBIDDEN'): Promise<AppError> {
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'authz.denied',
      actor: { type: 'staff', id: actor.staff.id },
      target: denial.targetId ? { type: denial.subject, id: denial.targetId } : undefined,
      result: 'denied',
      reason: as === 'NOT_FOUND' ? 'not visible to the actor' : 'not permitted',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { action: denial.action, subject: denial.subject, ...(denial.targetId ? { targetId: denial.targetId } : {}) },
    }),
  );
  return as === 'NOT_FOUND'
    ? new AppError('NOT_FOUND', `No such ${denial.noun ?? denial.subject.toLowerCase()}.`)
    : new AppError('FORBIDDEN', `You are not allowed to ${denial.action} ${denial.subject}.`);
}

/** Throws (after auditing) unless the actor's ability allows `action` on `subject` (or on the given record). */
export async function authorize(
  db: TDb,
  actor: TActor,
  action: TAction,
  subjectType: TSubject,
  record?: Record<string, unknown> & { id?: string },
  /** The id the request aims at, recorded on a refusal even when no record is checked. */
  targetId?: string,
): Promise<void> {
  const target = record ? caslSubject(subjectType, { ...record }) : subjectType;
  if (actor.ability.can(action, target as TSubject)) return;
  throw await denyAccess(db, actor, { action, subject: subjectType, targetId: record?.id ?? targetId });
}
