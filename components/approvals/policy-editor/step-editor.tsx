// Client code through policy-editor.tsx (its only importer), so no directive of its own.
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { TPolicyStep } from '@/lib/approvals/policy-schema';
import { issuesAt, type TChange, type TIssues, type TRoleOption, type TRosterPerson } from './draft-types';
import { GroupEditor } from './group-editor';

type TProps = { tier: number; index: number; step: TPolicyStep; roles: TRoleOption[]; staff: TRosterPerson[]; issues: TIssues; change: TChange; canRemove: boolean };

/** One step: signed after the previous one; every group's quorum must be met (approvals inside the step in any order). */
export function StepEditor({ tier, index, step, roles, staff, issues, change, canRemove }: TProps) {
  const path = `tiers.${tier}.steps.${index}`;
  const stepErrors = issuesAt(issues, path);
  return (
    <fieldset className="grid gap-3 rounded-md border border-dashed p-3">
      <legend className="px-1 font-medium">Step {index + 1}</legend>
      {stepErrors ? <p role="alert" className="text-sm text-destructive">{stepErrors.join(' ')}</p> : null}
      <FormField label={`Step ${index + 1} name`} error={issuesAt(issues, `${path}.name`)}>
        <Input value={step.name} maxLength={80} onChange={(e) => change((d) => { d.tiers[tier]!.steps[index]!.name = e.target.value; })} />
      </FormField>
      {issuesAt(issues, `${path}.groups`) ? <p className="text-sm text-destructive">{issuesAt(issues, `${path}.groups`)!.join(' ')}</p> : null}
      {step.groups.map((g, gi) => (
        <GroupEditor key={gi} tier={tier} step={index} index={gi} path={`${path}.groups.${gi}`} group={g} roles={roles} staff={staff} issues={issues} change={change} canRemove={step.groups.length > 1} />
      ))}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" size="sm" onClick={() => change((d) => { d.tiers[tier]!.steps[index]!.groups.push({ staffIds: [], quorum: 1 }); })}>
          Add group to step {index + 1}
        </Button>
        {canRemove ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => change((d) => { d.tiers[tier]!.steps.splice(index, 1); })}>
            Remove step {index + 1}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
