/**
 * Who a notification reaches. `audience` is either a role key (every holder of the role sees
 * it, e.g. administrator alerts) or `staff:<id>` (one person, e.g. "a request waits for your step").
 */
const STAFF_PREFIX = 'staff:';

export function staffAudience(staffId: string): string {
  return `${STAFF_PREFIX}${staffId}`;
}

/** Every audience a person belongs to: themselves and each role they hold. */
export function audiencesOf(person: { staff: { id: string }; roles: { key: string }[] }): string[] {
  return [staffAudience(person.staff.id), ...person.roles.map((r) => r.key)];
}
