/** Name, key and description of a role. The key is derived from the name until edited, and fixed once the role exists. */
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { TIssues } from '@/components/permissions/validate-role-draft';
import { roleKeyFromName } from '@/lib/roles/role-input';

type TDetails = { name: string; key: string; description: string };

type TProps = { idBase: string; creating: boolean; value: TDetails; issues: TIssues; onChange: (value: TDetails) => void };

export function RoleDetailsFields({ idBase, creating, value, issues, onChange }: TProps) {
  const keyFollowsName = creating && value.key === roleKeyFromName(value.name);
  return (
    <section aria-labelledby={`${idBase}-details-heading`} className="grid max-w-2xl gap-4">
      <h2 id={`${idBase}-details-heading`} className="text-lg font-semibold">Details</h2>
      <FormField label="Role name" error={issues.name} required>
        <Input
          id={`${idBase}-name`}
          value={value.name}
          maxLength={60}
          autoComplete="off"
          onChange={(e) => onChange({ ...value, name: e.target.value, key: keyFollowsName ? roleKeyFromName(e.target.value) : value.key })}
        />
      </FormField>
      <FormField
        label="Key"
        error={issues.key}
        required={creating}
        description={creating ? 'A stable identifier used by rules and the audit log. It cannot be changed later.' : 'Keys never change: rules and the audit log refer to them.'}
      >
        <Input id={`${idBase}-key`} value={value.key} readOnly={!creating} maxLength={48} autoComplete="off" className="font-mono" onChange={(e) => onChange({ ...value, key: e.target.value })} />
      </FormField>
      <FormField label="Description" error={issues.description} description="What the role is for (at most 300 characters).">
        <Textarea id={`${idBase}-description`} value={value.description} maxLength={300} onChange={(e) => onChange({ ...value, description: e.target.value })} />
      </FormField>
    </section>
  );
}
