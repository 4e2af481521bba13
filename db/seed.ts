/** Idempotent seed: built-in roles always; demo staff only where configuration allows it (development). */
import 'server-only';
import { eq } from 'drizzle-orm';
import { roles, staff, staffRoles } from './schema';
import type { TDb } from './types';
import { BUILT_IN_ROLES } from '@/lib/permissions/built-in-roles';

export async function seedBuiltInRoles(db: TDb): Promise<void> {
  await db
    .insert(roles)
    .values(BUILT_IN_ROLES.map((r) => ({ key: r.key, name: r.name, description: r.description, builtIn: true, rules: r.rules })))
    .onConflictDoNothing({ target: roles.key });
}

/**
 * Demo colleagues for a development console. They have no passkeys (shown as invited) and
 * none is an administrator, so the first-administrator setup link still appears.
 */
const DEMO_STAFF = [
  { name: 'Carla Moreau', email: 'carla.moreau@demo.countersign.test', role: 'compliance-officer', region: 'EU' },
  { name: 'Tomasz Nowak', email: 'tomasz.nowak@demo.countersign.test', role: 'ops-approver', region: 'EU' },
  { name: 'Priya Raman', email: 'priya.raman@demo.countersign.test', role: 'risk-analyst', region: 'APAC' },
  { name: 'Samuel Okafor', email: 'samuel.okafor@demo.countersign.test', role: 'auditor', region: 'EU' },
] as const;

export async function seedDemoStaff(db: TDb): Promise<number> {
  let created = 0;
  for (const person of DEMO_STAFF) {
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, person.role));
    if (!role) continue;
    const [row] = await db
      .insert(staff)
      .values({ name: person.name, email: person.email, region: person.region })
      .onConflictDoNothing()
      .returning({ id: staff.id });
    if (!row) continue;
    await db.insert(staffRoles).values({ staffId: row.id, roleId: role.id }).onConflictDoNothing();
    created++;
  }
  return created;
}
