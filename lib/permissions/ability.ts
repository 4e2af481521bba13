/**
 * Builds a CASL ability from the rules of the roles a staff member holds (deny by default:
 * no rule, no permission; inverted rules win). Built per request from the database so role
 * changes apply on the next request.
 */
import 'server-only';
import { createMongoAbility, type MongoAbility, type RawRuleOf, subject as caslSubject } from '@casl/ability';
import { eq } from 'drizzle-orm';
import { roles, staffRoles, type TRoleRule } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import type { TAction, TSubject } from './vocabulary';

export type TAppAbility = MongoAbility<[TAction, TSubject | Record<string, unknown>]>;

export function buildAbility(rules: TRoleRule[], actor: { id: string; region?: string | null }): TAppAbility {
  const resolved = rules.map((r) => ({
    ...r,
    conditions: r.conditions ? substituteActor(r.conditions, actor) : undefined,
  }));
  return createMongoAbility<[TAction, TSubject | Record<string, unknown>]>(resolved as RawRuleOf<TAppAbility>[]);
}

function substituteActor(value: unknown, actor: { id: string; region?: string | null }): unknown {
  if (value === '${actor.id}') return actor.id;
  if (value === '${actor.region}') return actor.region ?? null;
  if (Array.isArray(value)) return value.map((v) => substituteActor(v, actor));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteActor(v, actor)]));
  }
  return value;
}

export async function loadRoles(db: TDbOrTx, staffId: string): Promise<{ key: string; name: string; rules: TRoleRule[] }[]> {
  return db
    .select({ key: roles.key, name: roles.name, rules: roles.rules })
    .from(staffRoles)
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(eq(staffRoles.staffId, staffId));
}

/** Throws FORBIDDEN unless the ability allows the action (on the record, when given). */
export function assertCan(ability: TAppAbility, action: TAction, subjectType: TSubject, record?: Record<string, unknown>): void {
  const target = record ? caslSubject(subjectType, { ...record }) : subjectType;
  if (!ability.can(action, target as TSubject)) {
    throw new AppError('FORBIDDEN', `You are not allowed to ${action} ${subjectType}.`);
  }
}
