/**
 * Verifies a WebAuthn assertion against a stored passkey: the challenge must be ours, unused,
 * for this purpose and this browser; user verification is required; a signature counter
 * that goes backwards suspends the credential (a possible clone) and alerts administrators.
 */
import 'server-only';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { and, eq, isNull } from 'drizzle-orm';
import { passkeys, sessions, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { AppError, isAppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import { challengeOf, consumeChallenge, type TChallengePurpose } from './challenge-store';
import { endOpenSessionsIn } from './sessions';
import { relyingParty } from './webauthn-rp';
import type { TAuthenticationResponse } from './webauthn-schemas';

export type TVerifiedAssertion = {
  staff: typeof staff.$inferSelect;
  passkey: typeof passkeys.$inferSelect;
  context: Record<string, unknown>;
};

/** A failed verification, carrying who it was against (when known) for throttling and audit. */
export class AssertionRejected extends AppError {
  constructor(message: string, readonly reasonCode: string, readonly staffId: string | null) {
    super('PASSKEY_REJECTED', message);
  }
}

export async function verifyAssertion(
  db: TDb,
  input: {
    response: TAuthenticationResponse;
    purpose: TChallengePurpose;
    bindingHash: string;
    meta: TRequestMeta;
    expectedChallenge?: string;
  },
): Promise<TVerifiedAssertion> {
  const challenge = challengeOf(input.response);
  if (input.expectedChallenge && challenge !== input.expectedChallenge) {
    throw new AssertionRejected('The passkey signed something else than was asked.', 'challenge_mismatch', null);
  }
  let consumed;
  try {
    consumed = await consumeChallenge(db, { challenge, purpose: input.purpose, bindingHash: input.bindingHash });
  } catch (e) {
    // Only the store's own refusals are meant for the user; anything else (a database error,
    // whose message carries the query and its parameters) stays an internal fault.
    if (!isAppError(e)) throw e;
    throw new AssertionRejected(e.message, 'bad_challenge', null);
  }
  const [row] = await db
    .select({ passkey: passkeys, staff })
    .from(passkeys)
    .innerJoin(staff, eq(staff.id, passkeys.staffId))
    .where(eq(passkeys.credentialId, input.response.id));
  if (!row) throw new AssertionRejected('This passkey is not registered here.', 'unknown_credential', null);
  if (consumed.staffId && consumed.staffId !== row.staff.id) {
    throw new AssertionRejected('This passkey belongs to someone else.', 'wrong_staff', row.staff.id);
  }

  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      // The counter rule is applied below so a regression can suspend the credential.
      credential: { id: row.passkey.credentialId, publicKey: Buffer.from(row.passkey.publicKey, 'base64url'), counter: 0 },
    });
  } catch (e) {
    const uv = /user verification/i.test((e as Error).message);
    throw new AssertionRejected(
      uv ? 'Your authenticator did not verify you (PIN or biometrics are required).' : 'The passkey signature could not be verified.',
      uv ? 'user_not_verified' : 'bad_signature',
      row.staff.id,
    );
  }
  if (!verification.verified) throw new AssertionRejected('The passkey signature could not be verified.', 'bad_signature', row.staff.id);
  if (!verification.authenticationInfo.userVerified) {
    throw new AssertionRejected('Your authenticator did not verify you (PIN or biometrics are required).', 'user_not_verified', row.staff.id);
  }
  // Only the key's holder may learn that it is suspended or its account disabled: these come
  // after the signature, so a credential id alone reveals nothing.
  if (row.passkey.suspendedAt) throw new AssertionRejected('This passkey is suspended. Ask an administrator.', 'suspended_credential', row.staff.id);
  if (row.staff.status !== 'active') throw new AssertionRejected('This account is disabled.', 'staff_disabled', row.staff.id);
  const newCounter = verification.authenticationInfo.newCounter;
  const stored = row.passkey.counter;
  if ((newCounter > 0 || stored > 0) && newCounter <= stored) {
    await suspendPasskey(db, row.passkey.id, row.staff.id, { stored, received: newCounter }, input.meta);
    throw new AssertionRejected('This passkey was suspended: its signature counter went backwards (possible clone).', 'counter_regression', row.staff.id);
  }
  const [updated] = await db
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: new Date(), backedUp: verification.authenticationInfo.credentialBackedUp })
    .where(and(eq(passkeys.id, row.passkey.id), isNull(passkeys.suspendedAt)))
    .returning();
  if (!updated) throw new AssertionRejected('This passkey is suspended.', 'suspended_credential', row.staff.id);
  return { staff: row.staff, passkey: updated, context: consumed.context };
}

async function suspendPasskey(
  db: TDb,
  passkeyId: string,
  staffId: string,
  counters: { stored: number; received: number },
  meta: TRequestMeta,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [p] = await tx
      .update(passkeys)
      .set({ suspendedAt: new Date(), suspendedReason: 'signature counter went backwards' })
      .where(and(eq(passkeys.id, passkeyId), isNull(passkeys.suspendedAt)))
      .returning();
    if (!p) return;
    await appendAuditEvent(tx, {
      action: 'passkey.suspended',
      actor: { type: 'system' },
      target: { type: 'passkey', id: passkeyId },
      result: 'success',
      reason: 'signature counter went backwards',
      meta,
      authenticatorAaguid: p.aaguid,
      data: { staffId, storedCounter: counters.stored, receivedCounter: counters.received },
    });
    // Either holder may be the clone and the alert cannot tell which, so every session of this
    // person ends (the attacker's included); the owner signs in again with another passkey.
    await endOpenSessionsIn(tx, eq(sessions.staffId, staffId), 'revoked', { actor: { type: 'system' }, meta });
    await notifyAdministrators(tx, {
      kind: 'passkey.suspended',
      severity: 'critical',
      title: 'A passkey was suspended: its signature counter went backwards (possible cloned authenticator)',
      detail: { staffId, passkeyId },
    });
  });
}
