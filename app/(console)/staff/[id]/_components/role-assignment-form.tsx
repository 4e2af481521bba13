'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { withStepUp } from '@/components/auth/passkey-client';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';
import { assignStaffRolesAction } from '../../actions';

export function RoleAssignmentForm(props: { staffId: string; roles: { id: string; name: string }[]; heldRoleIds: string[]; disabled: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsAck, setNeedsAck] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { staffId: props.staffId, roleIds: form.getAll('roleId').map(String), acknowledgeSod: form.get('acknowledgeSod') === 'on' };
    setPending(true);
    setError(null);
    const result = await withStepUp(() => assignStaffRolesAction(input));
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      setNeedsAck(/Separation of duties/.test(result.message));
      return;
    }
    setNeedsAck(false);
    const approvalId = result.data.approvalRequestId;
    if (approvalId) {
      // A role with privileged permissions is granted only when two administrators approve.
      toast.success('Approval request created', { description: 'Two administrators must approve this role change before it applies.', action: { label: 'View request', onClick: () => router.push(`/approvals/${approvalId}`) } });
      router.refresh();
      return;
    }
    toast.success('Roles saved');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <fieldset disabled={props.disabled || pending} className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Roles held</legend>
        {props.roles.map((r) => (
          <label key={r.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="roleId" value={r.id} defaultChecked={props.heldRoleIds.includes(r.id)} className="size-4 accent-primary" />
            {r.name}
          </label>
        ))}
      </fieldset>
      <ErrorAlert message={error} />
      {needsAck ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="acknowledgeSod" className="size-4 accent-primary" />
          I acknowledge the separation-of-duties conflict
        </label>
      ) : null}
      <div>
        <Button type="submit" loading={pending} disabled={props.disabled}>Save roles</Button>
      </div>
    </form>
  );
}
