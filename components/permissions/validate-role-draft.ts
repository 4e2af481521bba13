/**
 * Client-side checks of the role editor, made with the very schemas the server uses (so the
 * messages match its 422 answers), plus the live separation-of-duties lint. Issues are keyed
 * by the same dotted paths the server reports ("rules.2.conditions.amountMinor.$lte").
 */
import { ZCreateRoleInput } from '@/lib/roles/role-input';
import { ZRoleRule } from '@/lib/permissions/role-rule-schema';
import { separationOfDutiesWarnings, type TSodWarning } from '@/lib/permissions/separation-of-duties';
import type { TRoleRule } from '@/db/schema';
import { ruleFromDraft, type TRuleDraft } from './rule-draft';

export type TIssues = Record<string, string[]>;

export type TRoleDraft = { key?: string; name: string; description: string; rules: TRuleDraft[] };

function add(issues: TIssues, path: string, message: string): void {
  (issues[path] ??= []).push(message);
}

/** Issues as the server reports them ({ path, message }[]) turned into the editor's map. */
export function issuesFromList(list: readonly { path: string; message: string }[] | undefined): TIssues {
  const issues: TIssues = {};
  for (const i of list ?? []) add(issues, i.path, i.message);
  return issues;
}

/** Every message at `prefix` or below it. */
export function issuesUnder(issues: TIssues, prefix: string): string[] {
  return Object.entries(issues).flatMap(([path, messages]) => (path === prefix || path.startsWith(`${prefix}.`) ? messages : []));
}

export function validateRoleDraft(draft: TRoleDraft): TIssues {
  const issues: TIssues = {};
  const schema = draft.key === undefined ? ZCreateRoleInput.omit({ key: true }) : ZCreateRoleInput;
  const input = { ...(draft.key === undefined ? {} : { key: draft.key }), name: draft.name, description: draft.description, rules: draft.rules.map(ruleFromDraft) };
  const result = schema.safeParse(input);
  if (!result.success) for (const i of result.error.issues) add(issues, i.path.map(String).join('.') || 'rules', i.message);
  draft.rules.forEach((rule, index) => {
    if (rule.actions.length === 0) issues[`rules.${index}.action`] = ['Choose at least one action'];
    const seen = new Set<string>();
    for (const row of rule.conditions) {
      const key = `${row.field}.${row.operator}`;
      if (seen.has(key)) add(issues, `rules.${index}.conditions.${key}`, 'This field already has a condition with this operator');
      seen.add(key);
    }
  });
  return issues;
}

/** SoD warnings of the rules that are valid so far, with indexes into the whole draft list. */
export function liveSodWarnings(rules: readonly TRuleDraft[]): TSodWarning[] {
  const valid: { index: number; rule: TRoleRule }[] = [];
  rules.forEach((draft, index) => {
    const parsed = ZRoleRule.safeParse(ruleFromDraft(draft));
    if (parsed.success) valid.push({ index, rule: parsed.data });
  });
  return separationOfDutiesWarnings(valid.map((v) => v.rule)).map((w) => ({ ...w, ruleIndexes: w.ruleIndexes.map((i) => valid[i]?.index ?? i) }));
}
