import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { NOTE_MAX, REASON_CODES } from '@/lib/review/decision-codes';
import { bulkAssignTransactionsAction, bulkDeclineTransactionsAction } from '@/app/(console)/transactions/actions';

const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';

type TBulk = { done: string[]; skipped: { id: string; reason: string }[] };

function report(verb: string, r: TBulk) {
  const skipped = r.skipped.length ? ` Skipped ${r.skipped.length}: ${r.skipped.map((s) => s.reason).slice(0, 3).join('; ')}${r.skipped.length > 3 ? '…' : ''}` : '';
  (r.skipped.length ? toast.warning : toast.success)(`${verb} ${r.done.length}.${skipped}`);
}

/** Bulk assign / bulk decline for the selected rows; the server authorises each item and reports skips. */
export function BulkBar({ ids, reviewers, canAssign, onDone }: { ids: string[]; reviewers: { id: string; name: string }[]; canAssign: boolean; onDone: () => void }) {
  const router = useRouter();
  const [assignee, setAssignee] = useState('');
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (ids.length === 0) return <span className="text-sm text-muted-foreground">Select rows for bulk actions.</span>;

  async function assign() {
    setPending(true);
    const result = await bulkAssignTransactionsAction({ transactionIds: ids, assigneeId: assignee });
    setPending(false);
    if (!result.ok) return toast.error(result.message);
    report('Assigned', result.data);
    onDone();
    router.refresh();
  }
  async function decline(form: FormData) {
    setPending(true);
    setError(null);
    const result = await bulkDeclineTransactionsAction({ transactionIds: ids, reasonCode: String(form.get('reasonCode') ?? ''), note: String(form.get('note') ?? '') });
    setPending(false);
    if (!result.ok) return setError(result.message);
    report('Declined', result.data);
    setOpen(false);
    onDone();
    router.refresh();
  }

  return (
    <div role="group" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-md border px-2 py-1">
      <span className="text-sm">{ids.length} selected</span>
      {canAssign ? (
        <>
          <Label htmlFor="bulk-assignee" className="sr-only">Assign to</Label>
          <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} className={selectClass}>
            <option value="">Assign to…</option>
            {reviewers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
          <Button type="button" size="sm" variant="outline" disabled={!assignee} loading={pending} onClick={() => void assign()}>Assign selected</Button>
        </>
      ) : null}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button type="button" size="sm" variant="destructive">Decline selected</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Decline {ids.length} transactions</DialogTitle>
            <DialogDescription>Each is checked on its own; those you may not decline are skipped and listed.</DialogDescription>
          </DialogHeader>
          <form action={(fd) => void decline(fd)} className="flex flex-col gap-4">
            <ErrorAlert message={error} />
            <div className="flex flex-col gap-2">
              <Label htmlFor="bulk-reason">Reason</Label>
              <select id="bulk-reason" name="reasonCode" required defaultValue="" className={selectClass}>
                <option value="" disabled>Choose a reason</option>
                {Object.entries(REASON_CODES.decline).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </select>
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="bulk-note">Note</Label>
              <Textarea id="bulk-note" name="note" required maxLength={NOTE_MAX} />
            </div>
            <DialogFooter>
              <Button type="submit" variant="destructive" loading={pending}>Decline {ids.length}</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
