/**
 * The one-time pickup of a new token's plaintext. Execution parks {token, signingSecret}
 * encrypted (AAD bound to the pickup row); the requester's first read deletes the row in
 * the same statement that returns it (DELETE … RETURNING), so a second read, another
 * person, or a read after 7 days finds nothing. The reader must have confirmed with a passkey
 * recently (step-up).
 */
import 'server-only';
import { and, eq, gt, sql } from 'drizzle-orm';
import { serviceTokenPickups, serviceTokens } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { requireRecentPasskey } from '@/lib/auth/step-up';
import { decryptField, encryptField } from '@/lib/crypto';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { z } from '@/lib/zod-setup';

export const PICKUP_DAYS = 7;
const FIELD = { table: 'service_token_pickups', column: 'secret_enc' } as const;

export async function parkServiceTokenPickup(
  tx: TTx,
  input: { tokenId: string; requesterId: string; token: string; signingSecret: string },
): Promise<void> {
  const plaintext = JSON.stringify({ token: input.token, signingSecret: input.signingSecret });
  await tx.insert(serviceTokenPickups).values({
    tokenId: input.tokenId,
    requesterId: input.requesterId,
    secretEnc: encryptField({ ...FIELD, rowId: input.tokenId, plaintext }),
    expiresAt: new Date(Date.now() + PICKUP_DAYS * 86_400_000),
  });
}

const ZSecret = z.strictObject({ token: z.string(), signingSecret: z.string() });

export type TPickedUpToken = { tokenId: string; prefix: string; token: string; signingSecret: string };

export async function pickUpServiceToken(db: TDb, actor: TActor, rawTokenId: unknown): Promise<TPickedUpToken> {
  await authorize(db, actor, 'read', 'ServiceToken');
  // Showing a bearer token and its signing secret hands out a credential: like creating an
  // invite, it needs a passkey within the last few minutes, not just a session cookie.
  requireRecentPasskey(actor);
  const tokenId = z.uuid().safeParse(rawTokenId);
  const picked = await db.transaction(async (tx) => {
    if (!tokenId.success) return null;
    const [row] = await tx
      .delete(serviceTokenPickups)
      .where(and(eq(serviceTokenPickups.tokenId, tokenId.data), eq(serviceTokenPickups.requesterId, actor.staff.id), gt(serviceTokenPickups.expiresAt, sql`now()`)))
      .returning();
    if (!row) return null;
    const [token] = await tx.select({ prefix: serviceTokens.prefix }).from(serviceTokens).where(eq(serviceTokens.id, row.tokenId));
    const secret = ZSecret.parse(JSON.parse(decryptField({ ...FIELD, rowId: row.tokenId, envelope: row.secretEnc })));
    await appendAuditEvent(tx, {
      action: 'service_token.picked_up',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'service_token', id: row.tokenId },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { prefix: token?.prefix ?? '' },
    });
    return { tokenId: row.tokenId, prefix: token?.prefix ?? '', ...secret };
  });
  // Already shown, pickup expired, or someone else's: one answer, audited, so ids cannot be probed.
  if (!picked) {
    throw await denyAccess(db, actor, { action: 'read', subject: 'ServiceToken', noun: 'token waiting to be shown', ...(tokenId.success ? { targetId: tokenId.data } : {}) }, 'NOT_FOUND');
  }
  return picked;
}
