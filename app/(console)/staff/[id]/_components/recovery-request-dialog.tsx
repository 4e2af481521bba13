'use client';
import { LifeBuoy } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { requestPasskeyRecoveryAction } from '../actions';

/** "Passkey recovery": asks for a reason and opens the two-administrator approval request. */
export function RecoveryRequestDialog({ staffId, staffName }: { staffId: string; staffName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) setError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get('reason');
    setPending(true);
    setError(null);
    const result = await requestPasskeyRecoveryAction({ staffId, reason });
    if (!result.ok) {
      setPending(false);
      setError(result.message);
      return;
    }
    // The request page shows what approvers will sign and who may approve it.
    toast.success('Approval request created', { description: `Nothing changes for ${staffName} until two administrators approve.` });
    router.push(`/approvals/${result.data.requestId}`);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline">
          <LifeBuoy aria-hidden className="size-4" />
          Passkey recovery
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Passkey recovery for {staffName}</DialogTitle>
          <DialogDescription>
            When two administrators approve, every passkey and session of {staffName} is revoked and you can issue them a one-time link to enrol a new passkey.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <ErrorAlert message={error} />
          <div className="flex flex-col gap-2">
            <Label htmlFor="recovery-reason">Reason</Label>
            <Textarea id="recovery-reason" name="reason" required minLength={3} maxLength={1000} rows={3} placeholder="e.g. lost phone and laptop; identity confirmed by video call" aria-describedby="recovery-reason-hint" />
            <p id="recovery-reason-hint" className="text-xs text-muted-foreground">Approvers see this. Never include card numbers.</p>
          </div>
          <DialogFooter>
            <Button type="submit" loading={pending}>Request recovery</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
