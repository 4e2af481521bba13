/**
 * Revokes a service token at once (the next request with it gets 401). Needs `update
 * ServiceToken` on the token; conditional update, so revoking twice is a 409, not a rewrite.
 * Any unread pickup is dropped with it.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { serviceTokenPickups, serviceTokens } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';

export async function revokeServiceToken(db: TDb, actor: TActor, rawId: unknown): Promise<{ id: string }> {
  await authorize(db, actor, 'update', 'ServiceToken');
  const id = z.uuid().safeParse(rawId);
  const [token] = id.success ? await db.select().from(serviceTokens).where(eq(serviceTokens.id, id.data)) : [];
  if (!token) throw await denyAccess(db, actor, { action: 'update', subject: 'ServiceToken', noun: 'service token', ...(id.success ? { targetId: id.data } : {}) }, 'NOT_FOUND');
  await authorize(db, actor, 'update', 'ServiceToken', {
    id: token.id,
    name: token.name,
    createdById: token.createdBy,
    status: token.revokedAt ? 'revoked' : 'active',
    expiresAt: token.expiresAt,
  });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(serviceTokens)
      .set({ revokedAt: new Date(), revokedBy: actor.staff.id })
      .where(and(eq(serviceTokens.id, token.id), isNull(serviceTokens.revokedAt)))
      .returning({ id: serviceTokens.id });
    if (!row) throw new AppError('CONFLICT', 'This token is already revoked.');
    await tx.delete(serviceTokenPickups).where(eq(serviceTokenPickups.tokenId, token.id));
    await appendAuditEvent(tx, {
      action: 'service_token.revoked',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'service_token', id: token.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { prefix: token.prefix },
    });
    return { id: row.id };
  });
}
