/**
 * Record-level checks on staff members: the person an action aims at, checked with the
 * conditions of the actor's grants (a type-level check passes for a grant matching nobody), and
 * the current ability of someone who is not the caller (an approval's requester).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { staff } from '@/db/schema';
import type { TDb, TDbOrTx } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { buildAbilityForRoles, loadRoles, type TAppAbility } from '@/lib/permissions/ability';
import { asSubject } from '@/lib/permissions/as-subject';
import type { TAction } from '@/lib/permissions/vocabulary';

/** Built from the database exactly as on their next request; null when they no longer exist or are disabled (they may do nothing). */
export async function currentAbilityOf(db: TDbOrTx, staffId: string): Promise<TAppAbility | null> {
  const [person] = await db.select().from(staff).where(eq(staff.id, staffId));
  if (!person || person.status !== 'active') return null;
  return buildAbilityForRoles(await loadRoles(db, person.id), person);
}

/** The fields Staff conditions may use, taken from a row. */
export function staffSubject(row: { id: string; status: string; region: string | null; createdAt: Date }): Record<string, unknown> {
  return { id: row.id, status: row.status, region: row.region, createdAt: row.createdAt };
}

/**
 * The staff member with this id, if the actor may `action` them: NOT_FOUND for an unknown id or
 * a person the actor may neither read nor act on (ids cannot be probed), FORBIDDEN for a visible one.
 */
export async function findStaffFor(db: TDb, actor: TActor, action: TAction, id: string | undefined) {
  const [row] = id ? await db.select().from(staff).where(eq(staff.id, id)) : [];
  const denial = { action, subject: 'Staff' as const, ...(id ? { targetId: id } : {}) };
  const record = row ? asSubject('Staff', staffSubject(row)) : undefined;
  if (!row || !record) throw await denyAccess(db, actor, denial, 'NOT_FOUND');
  if (actor.ability.can(action, record)) return row;
  throw await denyAccess(db, actor, denial, actor.ability.can('read', record) ? 'FORBIDDEN' : 'NOT_FOUND');
}
