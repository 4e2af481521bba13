/** Idempotent seed: built-in roles always; demo data only where configuration allows it. */
import 'server-only';
import { roles } from './schema';
import type { TDb } from './types';
import { BUILT_IN_ROLES } from '@/lib/permissions/built-in-roles';

export async function seedBuiltInRoles(db: TDb): Promise<void> {
  await db
    .insert(roles)
    .values(BUILT_IN_ROLES.map((r) => ({ key: r.key, name: r.name, description: r.description, builtIn: true, rules: r.rules })))
    .onConflictDoNothing({ target: roles.key });
}
