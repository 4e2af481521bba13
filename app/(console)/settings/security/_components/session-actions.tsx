import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { signOutEverywhereElseAction, signOutSessionAction } from '../actions';

export function SessionActions({ sessionId, device }: { sessionId: string; device: string }) {
  return (
    <ConfirmActionButton
      label="Sign out"
      accessibleLabel={`Sign out session on ${device}`}
      title="Sign out this session?"
      summary={`The session on ${device} ends now; its next request is refused.`}
      confirmLabel="Sign out session"
      successMessage="Session signed out"
      destructive
      run={signOutSessionAction.bind(null, sessionId)}
    />
  );
}

export function SignOutEverywhereElse({ disabled }: { disabled: boolean }) {
  if (disabled) return null;
  return (
    <ConfirmActionButton
      label="Sign out everywhere else"
      title="Sign out everywhere else?"
      summary="Every other session of yours ends now. This browser stays signed in."
      confirmLabel="Sign out other sessions"
      successMessage="Other sessions signed out"
      destructive
      run={signOutEverywhereElseAction}
    />
  );
}
