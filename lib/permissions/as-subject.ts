/**
 * Tags a record with its subject type for `ability.can()`. A copy, so the caller's object
 * (often a Drizzle row) is not marked; typed to fit TAppAbility without casts at call sites.
 */
import { subject as caslSubject } from '@casl/ability';
import type { TSubject } from './vocabulary';

export function asSubject(subjectType: TSubject, record: Record<string, unknown>): Record<string, unknown> {
  return caslSubject(subjectType, { ...record });
}
