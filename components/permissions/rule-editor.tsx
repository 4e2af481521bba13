/**
 * Edits one rule of a role: subject, actions, conditions, optional fields, "cannot" and a
 * reason. Controlled: the role form owns the drafts. Messages come from the shared schema
 * (client side) or the server's 422, keyed by the rule's path.
 */
import { Plus } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { ROLE_RULE_LIMITS } from '@/lib/permissions/role-rule-schema';
import { SUBJECT_FIELDS, type TFieldSpec } from '@/lib/permissions/subject-fields';
import { SUBJECT_NAMES, SUBJECTS, type TSubject } from '@/lib/permissions/vocabulary';
import { actionsFor, ActionCheckboxes } from './action-checkboxes';
import { ConditionRow } from './condition-row';
import { FieldCheckboxes } from './field-checkboxes';
import { describedBy, FieldMessages } from './field-messages';
import { conditionFor, type TRuleDraft } from './rule-draft';
import { issuesUnder, type TIssues } from './validate-role-draft';

type TProps = { idBase: string; index: number; draft: TRuleDraft; issues: TIssues; onChange: (draft: TRuleDraft) => void };

function filterableFields(subject: TSubject): [string, TFieldSpec][] {
  if (subject === 'all') return [];
  const table: Record<string, TFieldSpec> = SUBJECT_FIELDS[subject];
  return Object.entries(table).filter(([, spec]) => spec.filterable);
}

/** A new subject keeps only what still applies to it. */
function withSubject(draft: TRuleDraft, subject: TSubject): TRuleDraft {
  const fields = filterableFields(subject).map(([name]) => name);
  return {
    ...draft,
    subject,
    actions: draft.actions.filter((a) => actionsFor(subject).includes(a)),
    conditions: draft.conditions.filter((c) => fields.includes(c.field)),
    fields: [],
  };
}

export function RuleEditor({ idBase, index, draft, issues, onChange }: TProps) {
  const path = `rules.${index}`;
  const at = (suffix: string) => issuesUnder(issues, `${path}.${suffix}`);
  const fields = filterableFields(draft.subject);
  const id = (part: string) => `${idBase}-${part}`;
  const firstField = fields[0]?.[0];
  return (
    <fieldset className="grid gap-5">
      <legend className="sr-only">Rule {index + 1}</legend>
      <div className="grid gap-2 sm:max-w-sm">
        <Label htmlFor={id('subject')}>Subject</Label>
        <Select id={id('subject')} value={draft.subject} onChange={(e) => onChange(withSubject(draft, e.target.value as TSubject))} {...describedBy(id('subject-messages'), at('subject'), id('subject-hint'))}>
          {SUBJECT_NAMES.map((s) => <option key={s} value={s}>{s === 'all' ? 'all (every subject)' : s}</option>)}
        </Select>
        <p id={id('subject-hint')} className="text-xs text-muted-foreground">{SUBJECTS[draft.subject]}</p>
        <FieldMessages id={id('subject-messages')} messages={at('subject')} />
      </div>
      <ActionCheckboxes idBase={id('actions')} subject={draft.subject} value={draft.actions} messages={at('action')} onChange={(actions) => onChange({ ...draft, actions })} />
      <section className="grid gap-3" aria-labelledby={id('conditions-heading')}>
        <h4 id={id('conditions-heading')} className="text-sm font-medium">Conditions</h4>
        {fields.length === 0 ? (
          <p className="text-sm text-muted-foreground">Conditions need a concrete subject.</p>
        ) : draft.conditions.length === 0 ? (
          <p className="text-sm text-muted-foreground">None: the rule applies to every {draft.subject} record.</p>
        ) : null}
        {draft.conditions.map((row, i) => (
          <ConditionRow
            key={row.uid}
            idBase={id(`c${i}`)}
            position={i + 1}
            row={row}
            fields={fields}
            messages={[...(issues[`${path}.conditions.${row.field}`] ?? []), ...at(`conditions.${row.field}.${row.operator}`)]}
            onChange={(next) => onChange({ ...draft, conditions: draft.conditions.map((c) => (c.uid === row.uid ? next : c)) })}
            onRemove={() => onChange({ ...draft, conditions: draft.conditions.filter((c) => c.uid !== row.uid) })}
          />
        ))}
        <FieldMessages id={id('conditions-messages')} messages={issues[`${path}.conditions`] ?? []} />
        {firstField ? (
          <div>
            <Button type="button" variant="outline" size="sm" onClick={() => onChange({ ...draft, conditions: [...draft.conditions, conditionFor(draft, firstField)] })}>
              <Plus aria-hidden className="size-4" />
              Add condition
            </Button>
          </div>
        ) : null}
      </section>
      <FieldCheckboxes idBase={id('fields')} subject={draft.subject} value={draft.fields} messages={at('fields')} onChange={(f) => onChange({ ...draft, fields: f })} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={draft.inverted} onChange={(e) => onChange({ ...draft, inverted: e.target.checked })} />
        <span>
          <span className="font-medium">Cannot (deny)</span>
          <span className="block text-xs text-muted-foreground">A denial wins over every grant, from any role.</span>
        </span>
      </label>
      <div className="grid gap-2">
        <Label htmlFor={id('reason')}>Reason</Label>
        <Input id={id('reason')} value={draft.reason} maxLength={ROLE_RULE_LIMITS.maxReason} onChange={(e) => onChange({ ...draft, reason: e.target.value })} autoComplete="off" {...describedBy(id('reason-messages'), at('reason'), id('reason-hint'))} />
        <p id={id('reason-hint')} className="text-xs text-muted-foreground">Optional. Shown when this rule decides an access check.</p>
        <FieldMessages id={id('reason-messages')} messages={at('reason')} />
      </div>
    </fieldset>
  );
}
