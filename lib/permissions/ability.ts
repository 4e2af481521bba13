/**
 * Builds a CASL ability from the rules of the roles a staff member holds (deny by default:
 * no rule, no permission; inverted rules win). Built per request from the database so role
 * changes apply on the next request.
 */
import 'server-only';
import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { eq } from 'drizzle-orm';
import { roles, staffRoles, type TRoleRule } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { asSubject } from './as-subject';
import { conditionsMatcher } from './conditions-matcher';
import { substituteActor, type TActorContext } from './placeholders';
import { rememberRuleOrigin } from './rule-origins';
import type { TAction, TSubject } from './vocabulary';

export type TAppAbility = MongoAbility<[TAction, TSubject | Record<string, unknown>]>;
type TRawAppRule = RawRuleOf<TAppAbility>;

export type TRoleWithRules = { key: string; rules: readonly TRoleRule[] };

function resolveRule(rule: TRoleRule, actor: TActorContext, roleKey: string | undefined): TRawAppRule {
  const resolved = { ...rule } as TRawAppRule;
  if (rule.conditions) resolved.conditions = substituteActor(rule.conditions, actor);
  rememberRuleOrigin(resolved, { rule, roleKey });
  return resolved;
}

function createAppAbility(resolved: TRawAppRule[]): TAppAbility {
  // CASL lets later rules override earlier ones. Putting every inverted rule last makes
  // "cannot" win whatever the order of roles and rules, and lets the SQL translation be a
  // plain OR of grants AND NOT each denial.
  const grants: TRawAppRule[] = [];
  const denials: TRawAppRule[] = [];
  for (const rule of resolved) (rule.inverted ? denials : grants).push(rule);
  const ordered = grants.concat(denials);
  return createMongoAbility<TAppAbility>(ordered, { conditionsMatcher });
}

/** An ability from a flat rule list; placeholders resolve against the actor. */
export function buildAbility(rules: readonly TRoleRule[], actor: TActorContext): TAppAbility {
  return createAppAbility(rules.map((r) => resolveRule(r, actor, undefined)));
}

/**
 * An ability from the roles a staff member holds: `${actor.roleKeys}` resolves to these roles,
 * and explainDecision can name the role behind each decision.
 */
export function buildAbilityForRoles(heldRoles: readonly TRoleWithRules[], actor: Omit<TActorContext, 'roleKeys'>): TAppAbility {
  const withKeys = { ...actor, roleKeys: heldRoles.map((r) => r.key) };
  return createAppAbility(heldRoles.flatMap((role) => role.rules.map((r) => resolveRule(r, withKeys, role.key))));
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
  if (!ability.can(action, record ? asSubject(subjectType, record) : subjectType)) {
    throw new AppError('FORBIDDEN', `You are not allowed to ${action} ${subjectType}.`);
  }
}
