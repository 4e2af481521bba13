/**
 * The one-time setup link for the first administrator: issued at start while no active
 * administrator exists (256-bit token, stored hashed, 1 h expiry; a new start replaces it).
 */
import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { roles, setupTokens, staff, staffRoles } from '@/db/schema';
import type { TDbOrTx, TTx } from '@/db/types';
import { env } from '@/lib/env';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import { randomToken, sha256Hex, ZLinkToken } from './tokens';

const SETUP_TTL_MS = 60 * 60 * 1000;

export async function hasActiveAdministrator(db: TDbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffRoles)
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .innerJoin(staff, eq(staff.id, staffRoles.staffId))
    .where(and(eq(roles.key, ADMINISTRATOR_ROLE_KEY), eq(staff.status, 'active')));
  return (row?.n ?? 0) > 0;
}

/**
 * Serialises setup-link issue and first-administrator enrolment across instances (transaction
 * scoped advisory lock): two instances starting together, or two links used at once, must not
 * each leave a valid link or each create a "first" administrator.
 */
export async function lockFirstAdminSetup(tx: TTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('countersign:first-admin-setup'))`);
}

/** Returns the setup URL to print, or null when an administrator exists already. */
export async function issueSetupLinkIfNeeded(db: TDbOrTx): Promise<string | null> {
  return db.transaction(async (tx) => {
    await lockFirstAdminSetup(tx);
    // Checked under the lock: a concurrent enrolment may have just committed.
    if (await hasActiveAdministrator(tx)) return null;
    const token = randomToken();
    // The last instance to start wins; links printed by earlier starts stop working.
    await tx.delete(setupTokens).where(isNull(setupTokens.usedAt));
    await tx.insert(setupTokens).values({ tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + SETUP_TTL_MS) });
    return `${env().publicOrigin}/setup/${token}`;
  });
}

/** The valid setup token row for a raw token, or null (unknown, used, expired, or an admin exists). */
export async function findValidSetupToken(db: TDbOrTx, token: string): Promise<{ id: string; tokenHash: string } | null> {
  if (!ZLinkToken.test(token)) return null;
  const [row] = await db
    .select({ id: setupTokens.id, tokenHash: setupTokens.tokenHash })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, sha256Hex(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, new Date())));
  if (!row) return null;
  return (await hasActiveAdministrator(db)) ? null : row;
}
