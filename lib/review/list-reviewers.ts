/** Colleagues an item can be assigned to: active staff whose roles allow reviewing transactions. */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';

export type TReviewer = { id: string; name: string };

/** Empty for someone who may not assign (the UI then offers no assignment). */
export async function listReviewers(db: TDb, actor: TActor): Promise<TReviewer[]> {
  if (!actor.ability.can('assign', 'Transaction')) return [];
  const people = await db.select().from(staff).where(eq(staff.status, 'active')).orderBy(asc(staff.name)).limit(200);
  const out: TReviewer[] = [];
  for (const person of people) {
    const ability = buildAbilityForRoles(await loadRoles(db, person.id), person);
    if (ability.can('review', 'Transaction')) out.push({ id: person.id, name: person.name });
  }
  return out;
}
