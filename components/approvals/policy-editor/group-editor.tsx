// Client code through policy-editor.tsx (its only importer), so no directive of its own.
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { issuesAt, type TChange, type TIssues, type TRoleOption, type TRosterPerson } from './draft-types';

type TProps = { tier: number; step: number; index: number; path: string; group: { label?: string; roleKey?: string; staffIds: string[]; quorum: number }; roles: TRoleOption[]; staff: TRosterPerson[]; issues: TIssues; change: TChange; canRemove: boolean };

/** One group of a step: a role and/or named staff, and how many of them must approve. */
export function GroupEditor({ tier, step, index, path, group, roles, staff, issues, change, canRemove }: TProps) {
  const id = useId();
  const at = (mutate: (g: TProps['group']) => void) => change((d) => mutate(d.tiers[tier]!.steps[step]!.groups[index]!));
  const name = `Group ${index + 1}`;
  const groupErrors = issuesAt(issues, path);
  return (
    <fieldset className="grid gap-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">{name}</legend>
      {groupErrors ? <p role="alert" className="text-sm text-destructive">{groupErrors.join(' ')}</p> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label={`${name} role`} error={issuesAt(issues, `${path}.roleKey`)}>
          <select id={`${id}-role`} value={group.roleKey ?? ''} onChange={(e) => at((g) => { g.roleKey = e.target.value || undefined; })} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
            <option value="">No role (named staff only)</option>
            {roles.map((r) => <option key={r.key} value={r.key}>{r.name}</option>)}
            {group.roleKey && !roles.some((r) => r.key === group.roleKey) ? <option value={group.roleKey}>{group.roleKey}</option> : null}
          </select>
        </FormField>
        <FormField label={`${name} quorum`} error={issuesAt(issues, `${path}.quorum`)}>
          <Input type="number" min={1} max={20} value={group.quorum} onChange={(e) => at((g) => { g.quorum = Number(e.target.value); })} />
        </FormField>
        <FormField label={`${name} label`} description="Optional, shown on requests">
          <Input value={group.label ?? ''} maxLength={80} onChange={(e) => at((g) => { g.label = e.target.value || undefined; })} />
        </FormField>
      </div>
      {staff.length > 0 ? (
        <fieldset className="grid gap-1">
          <legend className="text-sm">{name} named staff</legend>
          {issuesAt(issues, `${path}.staffIds`) ? <p className="text-sm text-destructive">{issuesAt(issues, `${path}.staffIds`)!.join(' ')}</p> : null}
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {staff.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={group.staffIds.includes(p.id)}
                  onChange={(e) => at((g) => { g.staffIds = e.target.checked ? [...g.staffIds, p.id] : g.staffIds.filter((s) => s !== p.id); })}
                />
                {p.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {canRemove ? (
        <Button type="button" variant="ghost" size="sm" className="justify-self-start" onClick={() => change((d) => { d.tiers[tier]!.steps[step]!.groups.splice(index, 1); })}>
          Remove {name.toLowerCase()}
        </Button>
      ) : null}
    </fieldset>
  );
}
