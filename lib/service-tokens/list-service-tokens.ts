/**
 * The API settings page's token list: prefix (never the token), scopes, status, expiry and
 * last use, plus whether the actor still has a one-time pickup waiting. Needs `read ServiceToken`.
 */
import 'server-only';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { serviceTokenPickups, serviceTokens, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';

export type TServiceTokenDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: 'active' | 'revoked' | 'expired';
  requireSignature: boolean;
  createdAt: Date;
  createdByName: string | null;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  pickupWaiting: boolean;
};

export async function listServiceTokens(db: TDb, actor: TActor, now = new Date()): Promise<TServiceTokenDto[]> {
  await authorize(db, actor, 'read', 'ServiceToken');
  const rows = await db
    .select({
      t: serviceTokens,
      createdByName: staff.name,
      pickupWaiting: sql<boolean>`${serviceTokenPickups.tokenId} is not null`,
    })
    .from(serviceTokens)
    .leftJoin(staff, eq(staff.id, serviceTokens.createdBy))
    .leftJoin(
      serviceTokenPickups,
      and(eq(serviceTokenPickups.tokenId, serviceTokens.id), eq(serviceTokenPickups.requesterId, actor.staff.id), gt(serviceTokenPickups.expiresAt, now)),
    )
    .orderBy(desc(serviceTokens.createdAt))
    .limit(200);
  return rows.map(({ t, createdByName, pickupWaiting }) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    status: t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active',
    requireSignature: t.requireSignature,
    createdAt: t.createdAt,
    createdByName,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    pickupWaiting: Boolean(pickupWaiting),
  }));
}
