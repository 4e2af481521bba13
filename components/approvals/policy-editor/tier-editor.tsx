// Client code through policy-editor.tsx (its only importer), so no directive of its own.
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { TPolicyCondition, TPolicyTier } from '@/lib/approvals/policy-schema';
import { issuesAt, type TChange, type TIssues, type TRoleOption, type TRosterPerson } from './draft-types';
import { StepEditor } from './step-editor';

type TProps = { index: number; tier: TPolicyTier; isLast: boolean; roles: TRoleOption[]; staff: TRosterPerson[]; issues: TIssues; change: TChange; canRemove: boolean };
const OPS: TPolicyCondition['op'][] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in'];

function valueText(v: TPolicyCondition['value']): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** A tier: applies when all its conditions on the payload hold (the last tier has none); its steps run in order. */
export function TierEditor({ index, tier, isLast, roles, staff, issues, change, canRemove }: TProps) {
  const path = `tiers.${index}`;
  const at = (mutate: (t: TPolicyTier) => void) => change((d) => mutate(d.tiers[index]!));
  const tierErrors = issuesAt(issues, path);
  return (
    <fieldset className="grid gap-4 rounded-lg border p-4">
      <legend className="px-1 text-base font-semibold">Tier {index + 1}</legend>
      {tierErrors ? <p role="alert" className="text-sm text-destructive">{tierErrors.join(' ')}</p> : null}
      <FormField label={`Tier ${index + 1} name`} error={issuesAt(issues, `${path}.name`)}>
        <Input value={tier.name} maxLength={80} onChange={(e) => at((t) => { t.name = e.target.value; })} />
      </FormField>
      <div className="grid gap-2">
        <p className="text-sm font-medium">Applies when {isLast ? '(the last tier applies to everything else)' : 'all of these hold'}</p>
        {issuesAt(issues, `${path}.when`) ? <p className="text-sm text-destructive">{issuesAt(issues, `${path}.when`)!.join(' ')}</p> : null}
        {tier.when.map((c, ci) => (
          <div key={ci} className="flex flex-wrap items-end gap-2">
            <FormField label={`Condition ${ci + 1} field`} error={issuesAt(issues, `${path}.when.${ci}.field`)}>
              <Input value={c.field} onChange={(e) => at((t) => { t.when[ci]!.field = e.target.value; })} />
            </FormField>
            <FormField label={`Condition ${ci + 1} operator`}>
              <select value={c.op} onChange={(e) => at((t) => { t.when[ci]!.op = e.target.value as TPolicyCondition['op']; })} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
                {OPS.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            </FormField>
            <FormField label={`Condition ${ci + 1} value`} error={issuesAt(issues, `${path}.when.${ci}.value`)}>
              <Input value={valueText(c.value)} onChange={(e) => at((t) => { t.when[ci]!.value = c.op === 'in' ? e.target.value.split(',').map((s) => s.trim()) : e.target.value; })} />
            </FormField>
            <Button type="button" variant="ghost" size="sm" onClick={() => at((t) => { t.when.splice(ci, 1); })}>Remove condition {ci + 1}</Button>
          </div>
        ))}
        <Button type="button" variant="outline" size="sm" className="justify-self-start" onClick={() => at((t) => { t.when.push({ field: 'amountMinor', op: 'gte', value: '0' }); })}>
          Add condition to tier {index + 1}
        </Button>
      </div>
      {tier.steps.map((s, si) => (
        <StepEditor key={si} tier={index} index={si} step={s} roles={roles} staff={staff} issues={issues} change={change} canRemove={tier.steps.length > 1} />
      ))}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" size="sm" onClick={() => at((t) => { t.steps.push({ name: `Step ${t.steps.length + 1}`, groups: [{ staffIds: [], quorum: 1 }] }); })}>
          Add step to tier {index + 1}
        </Button>
        {canRemove ? <Button type="button" variant="ghost" size="sm" onClick={() => change((d) => { d.tiers.splice(index, 1); })}>Remove tier {index + 1}</Button> : null}
      </div>
    </fieldset>
  );
}
