'use client';
import { KeyRound } from 'lucide-react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { requestServiceTokenAction } from '../actions';

const SELECT = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';

/**
 * Each opening of the dialog (and each success) picks a submission id, so a request the browser
 * sends twice (docs/ha.md) opens one approval request; the resend is answered with it.
 */
export function RequestTokenDialog() {
  const [open, setOpen] = useState(false);
  const [submissionId, setSubmissionId] = useState(() => crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);

  function reset(next: boolean) {
    setOpen(next);
    if (next) setSubmissionId(crypto.randomUUID());
    else {
      setError(null);
      setRequestId(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      payload: {
        name: String(form.get('name') ?? ''),
        scopes: ['transactions:ingest'],
        expiresInDays: Number(form.get('expiresInDays')),
        requireSignature: form.get('requireSignature') === 'on',
      },
      reason: String(form.get('reason') ?? ''),
      submissionId,
    };
    setPending(true);
    setError(null);
    const result = await requestServiceTokenAction(input);
    setPending(false);
    if (!result.ok) {
      setError(result.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') || result.message);
      return;
    }
    setSubmissionId(crypto.randomUUID());
    setRequestId(result.data.requestId);
    toast.success('Approval request created');
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button type="button">
          <KeyRound aria-hidden className="size-4" />
          Request a token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Request a service token</DialogTitle>
          <DialogDescription>
            An administrator and a compliance officer must approve. Once approved, you can see the token here exactly once.
          </DialogDescription>
        </DialogHeader>
        {requestId ? (
          <div className="flex flex-col gap-3 text-sm">
            <p>The request is waiting for approval.</p>
            <Link href={`/approvals/${requestId}`} className="underline underline-offset-4">Open the approval request</Link>
            <DialogFooter>
              <Button type="button" onClick={() => reset(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
            <ErrorAlert message={error} />
            <div className="flex flex-col gap-2">
              <Label htmlFor="token-name">Token name</Label>
              <Input id="token-name" name="name" required maxLength={100} autoComplete="off" placeholder="Payment core (production)" />
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="token-expiry">Valid for</Label>
              <select id="token-expiry" name="expiresInDays" defaultValue="90" className={SELECT}>
                <option value="30">30 days</option>
                <option value="90">90 days</option>
                <option value="180">180 days</option>
                <option value="365">365 days</option>
              </select>
            </div>
            <div className="flex items-center gap-2">
              <input id="token-signature" name="requireSignature" type="checkbox" defaultChecked className="size-4" />
              <Label htmlFor="token-signature">Require HMAC-signed requests</Label>
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="token-reason">Reason</Label>
              <Textarea id="token-reason" name="reason" required minLength={3} maxLength={1000} />
            </div>
            <DialogFooter>
              <Button type="submit" loading={pending}>Submit for approval</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
