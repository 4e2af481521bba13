'use client';
import { Copy, UserPlus } from 'lucide-react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/sonner';
import { withStepUp } from '@/components/auth/passkey-client';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { createInviteAction } from '../actions';

/**
 * Each opening of the dialog (and each success) picks a submission id, so a create request the
 * browser sends twice (docs/ha.md) makes one invite; the resend gets a fresh link for it.
 */
export function InviteDialog({ roles }: { roles: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  const [submissionId, setSubmissionId] = useState(() => crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [approvalRequestId, setApprovalRequestId] = useState<string | null>(null);

  function reset(next: boolean) {
    setOpen(next);
    if (next) setSubmissionId(crypto.randomUUID());
    else {
      setError(null);
      setLink(null);
      setApprovalRequestId(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: form.get('name'), email: form.get('email'), roleId: form.get('roleId'), submissionId };
    setPending(true);
    setError(null);
    const result = await withStepUp(() => createInviteAction(input));
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setSubmissionId(crypto.randomUUID());
    const data = 'data' in result ? result.data : undefined;
    if (data?.approvalRequestId) {
      setApprovalRequestId(data.approvalRequestId);
      toast.success('Approval request created');
      return;
    }
    if (data?.url) setLink(data.url);
    toast.success('Invite created. Copy the link now: it is shown only once.');
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button type="button">
          <UserPlus aria-hidden className="size-4" />
          Invite staff member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite staff member</DialogTitle>
          <DialogDescription>The link is valid for 72 hours, works once, and is shown only now.</DialogDescription>
        </DialogHeader>
        {approvalRequestId ? (
          <div className="flex flex-col gap-2 text-sm">
            <p role="status">
              This role has privileged permissions, so the invite waits for approval by two administrators. Once the{' '}
              <Link href={`/approvals/${approvalRequestId}`} className="underline underline-offset-4">approval request</Link> is executed, submit this form again
              with the same email and role to get the link.
            </p>
            <DialogFooter>
              <Button type="button" onClick={() => reset(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : link ? (
          <div className="flex flex-col gap-2">
            <Label htmlFor="invite-link">Invite link</Label>
            <div className="flex gap-2">
              <Input id="invite-link" readOnly value={link} className="font-mono text-xs" />
              <Button type="button" variant="outline" aria-label="Copy link" onClick={() => void navigator.clipboard?.writeText(link).then(() => toast.success('Link copied'))}>
                <Copy aria-hidden className="size-4" />
              </Button>
            </div>
            <DialogFooter>
              <Button type="button" onClick={() => reset(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
            <ErrorAlert message={error} />
            <div className="flex flex-col gap-2">
              <Label htmlFor="invite-name">Name</Label>
              <Input id="invite-name" name="name" required minLength={2} maxLength={120} autoComplete="off" />
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="invite-email">Email</Label>
              <Input id="invite-email" name="email" type="email" required maxLength={254} autoComplete="off" />
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="invite-role">Role</Label>
              <select id="invite-role" name="roleId" required className="h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                {roles.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
              </select>
            </div>
            <DialogFooter>
              <Button type="submit" loading={pending}>Create invite</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
