'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import type { TDecision } from '@/lib/review/decision-codes';
import { assignTransactionAction, claimTransactionAction, releaseClaimAction } from '@/app/(console)/transactions/actions';
import { DecisionDialog, type TDecisionTarget } from './decision-dialog';
import { ShortcutsHelp } from './shortcuts-help';
import { useReviewCommands } from './use-review-commands';
import { useShortcuts } from './use-shortcuts';

export type TDetailPermissions = { claim: boolean; unclaim: boolean; assign: boolean; release: boolean; decline: boolean; escalate: boolean };

/** Claim / unclaim / assign and the three decisions for one transaction, with the review shortcuts. */
export function TransactionActions({ target, can, reviewers }: { target: TDecisionTarget; can: TDetailPermissions; reviewers: { id: string; name: string }[] }) {
  const [deciding, setDeciding] = useState<TDecision | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [assignee, setAssignee] = useState('');
  const ref = { transactionId: target.id, version: target.version };

  const { run, next } = useReviewCommands();
  const claim = () => can.claim && void run('Claimed. It is yours to review.', () => claimTransactionAction(ref));
  useShortcuts({
    c: claim,
    n: () => void next(),
    r: () => can.release && setDeciding('release'),
    d: () => can.decline && setDeciding('decline'),
    e: () => can.escalate && setDeciding('escalate'),
    '?': () => setHelpOpen(true),
  });

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Review actions">
      {can.claim ? <Button type="button" onClick={claim}>Claim</Button> : null}
      {can.unclaim ? <Button type="button" variant="outline" onClick={() => void run('Claim released.', () => releaseClaimAction(ref))}>Release claim</Button> : null}
      {can.release ? <Button type="button" variant="outline" onClick={() => setDeciding('release')}>Release</Button> : null}
      {can.decline ? <Button type="button" variant="destructive" onClick={() => setDeciding('decline')}>Decline</Button> : null}
      {can.escalate ? <Button type="button" variant="outline" onClick={() => setDeciding('escalate')}>Escalate</Button> : null}
      {can.assign && reviewers.length > 0 ? (
        <span className="flex items-center gap-1">
          <Label htmlFor="assign-to" className="sr-only">Assign to</Label>
          <select id="assign-to" value={assignee} onChange={(e) => setAssignee(e.target.value)} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
            <option value="">Assign to…</option>
            {reviewers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
          <Button type="button" variant="outline" size="sm" disabled={!assignee} onClick={() => void run('Assigned.', () => assignTransactionAction({ ...ref, assigneeId: assignee }))}>Assign</Button>
        </span>
      ) : null}
      <Button type="button" variant="ghost" onClick={() => void next()}>Next unassigned</Button>
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
      <DecisionDialog target={deciding ? target : null} decision={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}
