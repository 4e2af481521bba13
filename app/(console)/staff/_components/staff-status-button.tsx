import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { Can } from '@/components/permissions/ability-provider';
import { setStaffStatusAction } from '../actions';

export function StaffStatusButton({ staffId, name, status }: { staffId: string; name: string; status: 'active' | 'disabled' }) {
  const disabling = status === 'active';
  return (
    <Can I="update" a="Staff">
    <ConfirmActionButton
      label={disabling ? 'Disable' : 'Enable'}
      accessibleLabel={`${disabling ? 'Disable' : 'Enable'} ${name}`}
      title={disabling ? `Disable ${name}?` : `Enable ${name}?`}
      summary={
        disabling
          ? `${name} can no longer sign in, and every open session of theirs stops working on its next request.`
          : `${name} can sign in again with their existing passkeys.`
      }
      confirmLabel={disabling ? 'Disable' : 'Enable'}
      successMessage={disabling ? `${name} disabled` : `${name} enabled`}
      destructive={disabling}
      run={setStaffStatusAction.bind(null, { staffId, status: disabling ? 'disabled' : 'active' })}
    />
    </Can>
  );
}
