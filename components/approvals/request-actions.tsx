import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { cancelApprovalRequestAction, retryApprovalRequestAction } from '@/app/(console)/approvals/actions';
import type { TApprovalRequestDto } from '@/lib/approvals/types';
import { DecisionDialog } from './decision-dialog';
import { EditPayloadDialog } from './edit-payload-dialog';

/** The buttons a person may use on this request (hints only: every action is checked again on the server). */
export function RequestActions({ request: r }: { request: TApprovalRequestDto }) {
  const open = r.steps.find((s) => s.state === 'open');
  return (
    <div className="flex flex-wrap items-center gap-2">
      {r.can.decide && open ? (
        <>
          <DecisionDialog requestId={r.id} version={r.version} step={open.index} stepName={open.name} summary={r.summary} payloadHash={r.payloadHash} decision="approve" />
          <DecisionDialog requestId={r.id} version={r.version} step={open.index} stepName={open.name} summary={r.summary} payloadHash={r.payloadHash} decision="reject" />
        </>
      ) : null}
      {r.can.editPayload ? <EditPayloadDialog requestId={r.id} version={r.version} payload={r.payload} /> : null}
      {r.can.cancel ? (
        <ConfirmActionButton
          label="Cancel request"
          title="Cancel this request?"
          summary={`"${r.summary}" will not be executed. Approvals given so far are discarded.`}
          confirmLabel="Cancel request"
          successMessage="Request cancelled"
          destructive
          run={cancelApprovalRequestAction.bind(null, { requestId: r.id, version: r.version })}
        />
      ) : null}
      {r.can.retry ? (
        <ConfirmActionButton
          label="Retry execution"
          title="Retry the execution?"
          summary={`"${r.summary}" runs again, exactly once. The earlier attempt failed: ${r.error ?? 'unknown error'}`}
          confirmLabel="Retry now"
          successMessage="Execution retried"
          run={retryApprovalRequestAction.bind(null, r.id)}
        />
      ) : null}
      {r.can.exportProof ? (
        <a href={`/api/approvals/${r.id}/proof`} download className="text-sm underline underline-offset-4">Download proof</a>
      ) : null}
    </div>
  );
}
