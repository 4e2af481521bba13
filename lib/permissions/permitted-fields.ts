/**
 * Field-level permissions: which fields of a record the actor may see (or change), and DTOs
 * cut down to exactly those fields. Pass the record whenever there is one: without it, a
 * conditional grant counts as if it matched, so the answer is "fields possibly permitted".
 */
import { permittedFieldsOf } from '@casl/ability/extra';
import type { TAppAbility } from './ability';
import { asSubject } from './as-subject';
import type { TAction, TConcreteSubject } from './vocabulary';

/** The fields among `allFields` the ability permits, in the order of `allFields`. */
export function permittedFields(
  ability: TAppAbility,
  action: TAction,
  subject: TConcreteSubject,
  allFields: readonly string[],
  record?: Record<string, unknown>,
): string[] {
  const target = record ? asSubject(subject, record) : subject;
  // A rule without a `fields` list grants (or, inverted, removes) every field.
  const granted = new Set(permittedFieldsOf(ability, action, target, { fieldsFrom: (rule) => rule.fields ?? [...allFields] }));
  return allFields.filter((f) => granted.has(f));
}

/**
 * A copy of `dto` holding only the fields the actor may `action`. Conditions are checked
 * against `record` (the full row the DTO was made from), which defaults to the DTO itself.
 * A record the actor may not access at all yields `{}`.
 */
export function pickPermitted<T extends Record<string, unknown>>(
  dto: T,
  ability: TAppAbility,
  action: TAction,
  subject: TConcreteSubject,
  record: Record<string, unknown> = dto,
): Partial<T> {
  const out: Partial<T> = {};
  for (const field of permittedFields(ability, action, subject, Object.keys(dto), record)) {
    out[field as keyof T] = dto[field as keyof T];
  }
  return out;
}
