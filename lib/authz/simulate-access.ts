/**
 * "Can X do Y?": evaluates a staff member's current ability (built from the database exactly as
 * on their next request) for an action on a subject, optionally on a concrete record, and
 * explains which rule decided and why. Read-only; for people who may read roles and staff.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { invites, roles, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { AppError } from '@/lib/errors';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';
import { asSubject } from '@/lib/permissions/as-subject';
import { staffSubject } from '@/lib/staff/staff-ability';
import { explainDecision, type TDecision } from '@/lib/permissions/explain-decision';
import { ACTION_NAMES, SUBJECT_NAMES, type TAction, type TSubject } from '@/lib/permissions/vocabulary';
import { authorize, denyAccess } from './authorize';

export const ZSimulateAccessInput = z.object({
  staffId: z.string().uuid('Choose a staff member'),
  action: z.enum(ACTION_NAMES as [TAction, ...TAction[]], { message: 'Choose an action' }),
  subject: z.enum(SUBJECT_NAMES as [TSubject, ...TSubject[]], { message: 'Choose a subject' }),
  recordId: z.string().uuid('A record id is a UUID').optional().or(z.literal('').transform(() => undefined)),
});

type TRecordLoader = (db: TDb, id: string) => Promise<Record<string, unknown> | undefined>;

/** Subjects whose records exist in this release; later issues register theirs. */
const RECORD_LOADERS: Partial<Record<TSubject, TRecordLoader>> = {
  Staff: async (db, id) => (await db.select({ id: staff.id, status: staff.status, region: staff.region, createdAt: staff.createdAt }).from(staff).where(eq(staff.id, id)))[0],
  Role: async (db, id) => (await db.select({ id: roles.id, key: roles.key, builtIn: roles.builtIn }).from(roles).where(eq(roles.id, id)))[0],
  Invite: async (db, id) => {
    const [row] = await db.select().from(invites).where(eq(invites.id, id));
    if (!row) return undefined;
    const status = row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt < new Date() ? 'expired' : 'pending';
    return { id: row.id, invitedById: row.createdBy, status, expiresAt: row.expiresAt };
  },
};

export type TSimulation = TDecision & { staffName: string; roleKeys: string[] };

export async function simulateAccess(db: TDb, actor: TActor, raw: unknown): Promise<TSimulation> {
  const input = ZSimulateAccessInput.parse(raw);
  await authorize(db, actor, 'read', 'Role');
  await authorize(db, actor, 'read', 'Staff', undefined, input.staffId);
  const [person] = await db.select().from(staff).where(eq(staff.id, input.staffId));
  // On the records: a grant limited by conditions must not reveal who holds which roles, nor which ids exist.
  if (!person || !actor.ability.can('read', asSubject('Staff', staffSubject(person)))) {
    throw await denyAccess(db, actor, { action: 'read', subject: 'Staff', targetId: input.staffId }, 'NOT_FOUND');
  }
  let record: Record<string, unknown> | undefined;
  if (input.recordId) {
    const load = RECORD_LOADERS[input.subject];
    if (!load) throw new AppError('VALIDATION', `recordId: there are no ${input.subject} records to look up yet`, { issues: [{ path: 'recordId', message: `No ${input.subject} records exist in this release` }] });
    record = await load(db, input.recordId);
    if (!record || !actor.ability.can('read', asSubject(input.subject, record))) {
      throw await denyAccess(db, actor, { action: input.action, subject: input.subject, targetId: input.recordId }, 'NOT_FOUND');
    }
  }
  const held = await loadRoles(db, person.id);
  const ability = buildAbilityForRoles(held, person);
  const decision = person.status === 'active'
    ? explainDecision(ability, input.action, input.subject, record)
    : { allowed: false, conditional: false, reason: 'Denied: this staff member is disabled and cannot sign in.' };
  return { ...decision, staffName: person.name, roleKeys: held.map((r) => r.key) };
}
