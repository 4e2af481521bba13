/**
 * The rules of a role as sentences ("Holders can release Transaction where amountMinor ≤ …"),
 * each with its problems, and the editor of the one rule being edited. One editor at a time
 * keeps every control's label unique on the page.
 */
import { ZRoleRule } from '@/lib/permissions/role-rule-schema';
import { describeRule } from '@/lib/permissions/describe-rule';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FieldMessages } from './field-messages';
import { ruleFromDraft, type TRuleDraft } from './rule-draft';
import { RuleEditor } from './rule-editor';
import { issuesUnder, type TIssues } from './validate-role-draft';

type TProps = {
  idBase: string;
  who: string;
  drafts: TRuleDraft[];
  openUid: string | null;
  issues: TIssues;
  /** Rules that take part in a separation-of-duties conflict. */
  sodRuleIndexes: ReadonlySet<number>;
  onChange: (drafts: TRuleDraft[]) => void;
  onOpen: (uid: string | null) => void;
};

export function sentenceFor(draft: TRuleDraft, who: string): string | null {
  const parsed = ZRoleRule.safeParse(ruleFromDraft(draft));
  return parsed.success ? `${describeRule(parsed.data, who)}.` : null;
}

export function RuleList({ idBase, who, drafts, openUid, issues, sodRuleIndexes, onChange, onOpen }: TProps) {
  if (drafts.length === 0) {
    return <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">No rules yet. A role without rules grants nothing: deny by default.</p>;
  }
  return (
    <ol className="grid gap-3">
      {drafts.map((draft, index) => {
        const open = draft.uid === openUid;
        const problems = issuesUnder(issues, `rules.${index}`);
        const sentence = sentenceFor(draft, who);
        const editorId = `${idBase}-r${index}`;
        return (
          <li key={draft.uid} className="grid gap-3 rounded-lg border p-4">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="grid gap-1">
                <h3 id={`${editorId}-title`} className="text-sm font-semibold">
                  Rule {index + 1}
                  {draft.inverted ? <Badge variant="destructive" className="ms-2">Cannot</Badge> : null}
                  {sodRuleIndexes.has(index) ? <Badge variant="warning" className="ms-2">Separation-of-duties conflict</Badge> : null}
                </h3>
                <p className="text-sm text-pretty">{sentence ?? <span className="text-muted-foreground">Incomplete rule: {problems.length ? 'fix the problems below.' : 'choose an action.'}</span>}</p>
              </div>
              <div className="flex shrink-0 gap-2">
                <Button type="button" size="sm" variant="outline" aria-expanded={open} aria-controls={open ? `${editorId}-editor` : undefined} onClick={() => onOpen(open ? null : draft.uid)}>
                  {open ? `Done with rule ${index + 1}` : `Edit rule ${index + 1}`}
                </Button>
                <Button type="button" size="sm" variant="outline" onClick={() => onChange(drafts.filter((d) => d.uid !== draft.uid))}>
                  Remove rule {index + 1}
                </Button>
              </div>
            </div>
            {open ? (
              <div id={`${editorId}-editor`} className="border-t pt-4">
                <FieldMessages id={`${editorId}-root-messages`} messages={issues[`rules.${index}`] ?? []} />
                <RuleEditor idBase={editorId} index={index} draft={draft} issues={issues} onChange={(next) => onChange(drafts.map((d) => (d.uid === draft.uid ? next : d)))} />
              </div>
            ) : (
              <FieldMessages id={`${editorId}-messages`} messages={problems} />
            )}
          </li>
        );
      })}
    </ol>
  );
}
