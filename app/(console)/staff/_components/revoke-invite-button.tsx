import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { revokeInviteAction } from '../actions';

export function RevokeInviteButton({ inviteId, name }: { inviteId: string; name: string }) {
  return (
    <ConfirmActionButton
      label="Revoke"
      accessibleLabel={`Revoke invite for ${name}`}
      title="Revoke invite?"
      summary={`The invite link for ${name} stops working immediately. You can invite them again later.`}
      confirmLabel="Revoke invite"
      successMessage={`Invite for ${name} revoked`}
      destructive
      run={revokeInviteAction.bind(null, inviteId)}
    />
  );
}
