import type { TPolicyDefinition } from '@/lib/approvals/policy-schema';

export type TDraft = TPolicyDefinition;
export type TRoleOption = { key: string; name: string };
export type TRosterPerson = { id: string; name: string; roleKeys: string[] };
/** Server validation messages by path (e.g. `definition.tiers.0.steps.1.groups.0.quorum`). */
export type TIssues = { path: string; message: string }[];
export type TChange = (mutate: (draft: TDraft) => void) => void;

/** Messages for exactly this path (the field's own errors). */
export function issuesAt(issues: TIssues, path: string): string[] | undefined {
  const found = issues.filter((i) => i.path === `definition.${path}` || i.path === path).map((i) => i.message);
  return found.length ? found : undefined;
}

/** People who belong to a group of the draft: holders of its role plus its named staff. */
export function groupMembers(roster: TRosterPerson[], group: { roleKey?: string; staffIds: string[] }): TRosterPerson[] {
  return roster.filter((p) => (group.roleKey ? p.roleKeys.includes(group.roleKey) : false) || group.staffIds.includes(p.id));
}
