'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { signDecision } from './sign-decision';

type TProps = { requestId: string; version: number; step: number; stepName: string; summary: string; payloadHash: string; decision: 'approve' | 'reject' };

/** Approve or reject: shows exactly what the passkey will sign, requires a comment, then asks for the passkey. */
export function DecisionDialog(p: TProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const verb = p.decision === 'approve' ? 'Approve' : 'Reject';

  async function sign() {
    if (!comment.trim()) {
      setError('A comment is required.');
      return;
    }
    setPending(true);
    const result = await signDecision({ requestId: p.requestId, version: p.version, step: p.step, decision: p.decision, payloadHash: p.payloadHash, comment: comment.trim() });
    setPending(false);
    if (!result.ok) {
      toast.error(result.message);
      return;
    }
    setOpen(false);
    setComment('');
    toast.success(result.executed ? 'Approved: the action was executed' : result.status === 'rejected' ? 'Rejected: the request is closed' : result.error ? `Recorded, but execution failed: ${result.error}` : 'Your signed decision was recorded');
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); setError(undefined); }}>
      <DialogTrigger asChild>
        <Button type="button" variant={p.decision === 'approve' ? 'default' : 'destructive'}>{verb}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{verb} step {p.step + 1} ({p.stepName})?</DialogTitle>
          <DialogDescription>Your passkey signs exactly this: the request, its version, the step, your decision and the payload hash.</DialogDescription>
        </DialogHeader>
        <dl className="grid gap-2 rounded-md border bg-muted/40 p-3 text-sm">
          <dt className="font-medium">What will be executed</dt>
          <dd data-testid="signed-summary">{p.summary}</dd>
          <dt className="font-medium">Payload hash (SHA-256)</dt>
          <dd className="font-mono text-xs break-all" data-testid="signed-payload-hash">{p.payloadHash}</dd>
          <dt className="font-medium">Version · step · decision</dt>
          <dd>version {p.version} · step {p.step + 1} · {p.decision}</dd>
        </dl>
        <FormField label="Comment" required error={error}>
          <Textarea value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} rows={3} />
        </FormField>
        <DialogFooter>
          <Button type="button" variant={p.decision === 'approve' ? 'default' : 'destructive'} loading={pending} onClick={() => void sign()}>
            Sign with passkey and {p.decision}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
