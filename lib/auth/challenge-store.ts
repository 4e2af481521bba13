/**
 * Server-side WebAuthn challenges: 256-bit random (or an action hash), bound to one browser
 * (hash of an httpOnly cookie) and one purpose, single use (deleted on first use whether the
 * ceremony then passes or fails) and valid for at most five minutes. Stored in the database
 * so any instance can verify what another issued.
 */
import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import { webauthnChallenges } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { randomToken } from './tokens';
import { CHALLENGE_TTL_MS } from './webauthn-rp';

export type TChallengePurpose = 'register' | 'authenticate' | 'step-up' | 'sign-action' | 'enrolment-ticket';

export type TIssuedChallenge = { challenge: string; expiresAt: Date };

export async function issueChallenge(
  db: TDbOrTx,
  input: { purpose: TChallengePurpose; bindingHash: string; staffId?: string; context?: Record<string, unknown>; challenge?: string; ttlMs?: number },
): Promise<TIssuedChallenge> {
  const challenge = input.challenge ?? randomToken();
  const expiresAt = new Date(Date.now() + Math.min(input.ttlMs ?? CHALLENGE_TTL_MS, CHALLENGE_TTL_MS));
  // Opportunistic clean-up keeps the table small without a scheduler.
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date(Date.now() - 60_000)));
  await db.insert(webauthnChallenges).values({
    challenge,
    purpose: input.purpose,
    bindingHash: input.bindingHash,
    staffId: input.staffId ?? null,
    context: input.context ?? {},
    expiresAt,
  });
  return { challenge, expiresAt };
}

export type TConsumedChallenge = { staffId: string | null; context: Record<string, unknown> };

/** Deletes the challenge and only then checks it, so a failed attempt still burns it. */
export async function consumeChallenge(
  db: TDbOrTx,
  input: { challenge: string; purpose: TChallengePurpose; bindingHash: string },
): Promise<TConsumedChallenge> {
  const [row] = await db
    .delete(webauthnChallenges)
    .where(eq(webauthnChallenges.challenge, input.challenge))
    .returning();
  if (!row) throw new AppError('PASSKEY_REJECTED', 'This passkey request is unknown or was already used. Start again.');
  if (row.purpose !== input.purpose) throw new AppError('PASSKEY_REJECTED', 'This passkey request was issued for something else. Start again.');
  if (row.bindingHash !== input.bindingHash) throw new AppError('PASSKEY_REJECTED', 'This passkey request was issued to another browser. Start again.');
  if (row.expiresAt.getTime() < Date.now()) throw new AppError('PASSKEY_REJECTED', 'This passkey request expired. Start again.');
  return { staffId: row.staffId, context: row.context };
}

/** Deletes every challenge of a purpose for a browser (e.g. when a ceremony is restarted). */
export async function dropChallenges(db: TDbOrTx, bindingHash: string, purpose: TChallengePurpose): Promise<void> {
  await db.delete(webauthnChallenges).where(and(eq(webauthnChallenges.bindingHash, bindingHash), eq(webauthnChallenges.purpose, purpose)));
}

/** The challenge a WebAuthn response answers, read from its clientDataJSON. */
export function challengeOf(response: { response: { clientDataJSON: string } }): string {
  try {
    const json = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    // Challenges are issued as base64url tokens: anything else (a NUL byte, say) never reaches the database.
    if (typeof json.challenge !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(json.challenge)) throw new Error('no challenge');
    return json.challenge;
  } catch {
    throw new AppError('PASSKEY_REJECTED', 'The passkey response is malformed.');
  }
}
