/**
 * Step-up: sensitive actions (adding or removing passkeys, creating invites, later approvals
 * and PII reveals) need a passkey confirmation within the last few minutes of this session.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { sessions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { AppError } from '@/lib/errors';
import type { TActor } from './current-staff';
import { AssertionRejected, verifyAssertion } from './verify-assertion';
import type { TAuthenticationResponse } from './webauthn-schemas';

export const STEP_UP_MAX_AGE_SECONDS = 5 * 60;

/** Throws STEP_UP_REQUIRED unless the session saw a passkey within `maxAgeSeconds`. */
export function requireRecentPasskey(actor: Pick<TActor, 'session'>, maxAgeSeconds = STEP_UP_MAX_AGE_SECONDS): void {
  const age = (Date.now() - actor.session.lastPasskeyAt.getTime()) / 1000;
  if (age > maxAgeSeconds) {
    throw new AppError('STEP_UP_REQUIRED', 'Confirm with your passkey to continue.');
  }
}

/** Verifies a step-up assertion from the signed-in person's own passkey and records it on the session. */
export async function confirmStepUp(
  db: TDb,
  input: { actor: TActor; response: TAuthenticationResponse; bindingHash: string },
): Promise<{ confirmedAt: Date }> {
  const verified = await verifyAssertion(db, {
    response: input.response,
    purpose: 'step-up',
    bindingHash: input.bindingHash,
    meta: input.actor.meta,
  });
  if (verified.staff.id !== input.actor.staff.id) {
    throw new AssertionRejected('Confirm with your own passkey.', 'wrong_staff', input.actor.staff.id);
  }
  const confirmedAt = new Date();
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(sessions)
      .set({ lastPasskeyAt: confirmedAt })
      .where(and(eq(sessions.id, input.actor.session.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    if (!s) throw new AppError('UNAUTHENTICATED', 'Your session ended. Sign in again.');
    await appendAuditEvent(tx, {
      action: 'passkey.step_up',
      actor: { type: 'staff', id: input.actor.staff.id },
      target: { type: 'session', id: input.actor.session.id },
      result: 'success',
      meta: { ...input.actor.meta, sessionId: input.actor.session.id },
      authenticatorAaguid: verified.passkey.aaguid,
      data: { passkeyId: verified.passkey.id },
    });
  });
  return { confirmedAt };
}
