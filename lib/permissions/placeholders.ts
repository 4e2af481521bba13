/**
 * Actor placeholders in rule conditions (`${actor.id}`, …) and their substitution when an
 * ability is built. Roles are stored with the placeholders, so one role serves everyone.
 */

export const ACTOR_PLACEHOLDERS = {
  '${actor.id}': 'The staff member’s own id',
  '${actor.region}': 'The staff member’s operating region',
  '${actor.roleKeys}': 'The keys of the roles the staff member holds (a list: use with $in / $nin)',
} as const;

export type TActorPlaceholder = keyof typeof ACTOR_PLACEHOLDERS;

/** Placeholders that stand for a list; they may only be the whole value of `$in` / `$nin`. */
export const LIST_PLACEHOLDERS: readonly TActorPlaceholder[] = ['${actor.roleKeys}'];

export type TActorContext = { id: string; region?: string | null; roleKeys?: readonly string[] };

/**
 * Stands in for the region of a staff member who has none. A value no record can hold keeps
 * region rules fail-closed: `region = ${actor.region}` matches nothing rather than every
 * record without a region (which `null` would, in CASL and in SQL alike).
 */
export const NO_ACTOR_REGION = '\u2400no-region';

export function isActorPlaceholder(value: unknown): value is TActorPlaceholder {
  return typeof value === 'string' && Object.hasOwn(ACTOR_PLACEHOLDERS, value);
}

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function resolve(value: unknown, actor: TActorContext): unknown {
  switch (value) {
    case '${actor.id}':
      return actor.id;
    case '${actor.region}':
      return actor.region || NO_ACTOR_REGION;
    case '${actor.roleKeys}':
      return [...(actor.roleKeys ?? [])];
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(resolve(item, actor));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      // Validation refuses these keys; a stored rule that still has one must not reshape objects.
      if (FORBIDDEN_KEYS.has(k)) throw new Error(`Refusing rule condition key "${k}"`);
      out[k] = resolve((value as Record<string, unknown>)[k], actor);
    }
    return out;
  }
  return value;
}

/** A copy of the conditions with every placeholder replaced by the actor's value. */
export function substituteActor(conditions: Record<string, unknown>, actor: TActorContext): Record<string, unknown> {
  return resolve(conditions, actor) as Record<string, unknown>;
}
