/** Factories for the role tests: people holding given rules, audit counts, the seeded roles. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { auditEvents, roles, staff, staffRoles, type TRoleRule } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { createSession } from '@/lib/auth/sessions';
import { STEP_UP_MAX_AGE_SECONDS } from '@/lib/auth/step-up';
import { actorFor, ageSession, meta } from '@/lib/testing/auth-factories';

/** A new active staff member holding one custom role with these rules, signed in just now. */
export async function actorWithRules(db: TDb, rules: TRoleRule[]): Promise<TActor> {
  const tag = randomUUID().slice(0, 8);
  const [role] = await db.insert(roles).values({ key: `test-${tag}`, name: `Test ${tag}`, rules }).returning();
  const [person] = await db.insert(staff).values({ name: `Tess ${tag}`, email: `tess-${tag}@example.test` }).returning();
  await db.insert(staffRoles).values({ staffId: person!.id, roleId: role!.id });
  const session = await createSession(db, { staffId: person!.id, passkeyId: null, meta: meta() });
  return actorFor(db, session.id);
}

/** The same person in a second session whose last passkey confirmation is older than the step-up window. */
export async function withStalePasskey(db: TDb, actor: TActor): Promise<TActor> {
  const session = await createSession(db, { staffId: actor.staff.id, passkeyId: null, meta: meta() });
  await ageSession(db, session.id, STEP_UP_MAX_AGE_SECONDS + 60);
  return actorFor(db, session.id);
}

export async function auditCount(db: TDb, action: string): Promise<number> {
  return (await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, action))).length;
}

export async function roleByKey(db: TDb, key: string) {
  const [row] = await db.select().from(roles).where(eq(roles.key, key));
  if (!row) throw new Error(`no role ${key}`);
  return row;
}

export async function assignRole(db: TDb, roleId: string): Promise<string> {
  const [person] = await db.insert(staff).values({ name: 'Holder', email: `holder-${randomUUID().slice(0, 8)}@example.test` }).returning();
  await db.insert(staffRoles).values({ staffId: person!.id, roleId });
  return person!.id;
}
