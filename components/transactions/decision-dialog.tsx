import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { NOTE_MAX, REASON_CODES, ZDecisionInput, type TDecision } from '@/lib/review/decision-codes';
import { decideTransactionAction } from '@/app/(console)/transactions/actions';

export type TDecisionTarget = { id: string; version: number; reference: string; amount: string; needsApproval: boolean };

const TITLE: Record<TDecision, string> = { release: 'Release transaction', decline: 'Decline transaction', escalate: 'Escalate transaction' };
const DONE: Record<TDecision, string> = { release: 'Released', decline: 'Declined', escalate: 'Escalated' };

/** Reason code + note for one decision; a large release says up front that it goes for approval. */
export function DecisionDialog({ target, decision, onClose }: { target: TDecisionTarget | null; decision: TDecision | null; onClose: () => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = Boolean(target && decision);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target || !decision) return;
    const form = new FormData(event.currentTarget);
    const input = { transactionId: target.id, version: target.version, decision, reasonCode: String(form.get('reasonCode') ?? ''), note: String(form.get('note') ?? '') };
    const checked = ZDecisionInput.safeParse(input);
    if (!checked.success) {
      setError(checked.error.issues.map((i) => i.message).join('. '));
      return;
    }
    setPending(true);
    setError(null);
    const result = await decideTransactionAction(input);
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    if (result.data.outcome === 'approval_requested') {
      const href = `/approvals/${result.data.approvalRequestId}`;
      toast.success(result.data.summary, { action: { label: 'Open request', onClick: () => router.push(href) } });
    } else toast.success(`${DONE[decision]} ${target.reference}.`);
    onClose();
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : (setError(null), onClose()))}>
      <DialogContent>
        {target && decision ? (
          <>
            <DialogHeader>
              <DialogTitle>{TITLE[decision]}</DialogTitle>
              <DialogDescription>
                {target.reference}: {target.amount}.{' '}
                {decision === 'release' && target.needsApproval ? 'This amount needs approval: an approval request will be opened and the transaction released only when approved.' : 'The payment core is told at once.'}
              </DialogDescription>
            </DialogHeader>
            <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
              <ErrorAlert message={error} />
              <div className="flex flex-col gap-2">
                <Label htmlFor="decision-reason">Reason</Label>
                <select id="decision-reason" name="reasonCode" required defaultValue="" className="h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                  <option value="" disabled>Choose a reason</option>
                  {Object.entries(REASON_CODES[decision]).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
                </select>
              </div>
              <div className="flex flex-col gap-2">
                <Label htmlFor="decision-note">Note</Label>
                <Textarea id="decision-note" name="note" required maxLength={NOTE_MAX} placeholder="What you checked and why. Never a card number." />
              </div>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={onClose}>Cancel</Button>
                <Button type="submit" loading={pending} variant={decision === 'decline' ? 'destructive' : 'default'}>
                  {decision === 'release' && target.needsApproval ? 'Request approval' : TITLE[decision].split(' ')[0]}
                </Button>
              </DialogFooter>
            </form>
            <p className="text-xs text-muted-foreground">Decisions are audited. <Link href="/approvals" className="underline">Approvals</Link> list pending releases.</p>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
