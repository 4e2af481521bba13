'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import type { TActionResult } from '@/lib/http/action-result';

type TProps = { id: string; disabled: boolean; submit: (input: unknown) => Promise<TActionResult<{ approvalRequestId: string }>> };

/** Opens the approval request; the rules change only when it is approved and executed. */
export function SubmitForApproval({ id, disabled, submit }: TProps) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [requestId, setRequestId] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <section aria-labelledby="submit-heading" className="grid max-w-2xl gap-3">
      <h2 id="submit-heading" className="text-lg font-semibold">Submit for approval</h2>
      <p className="text-sm text-muted-foreground">A compliance officer other than you approves it with a passkey; until then nothing changes.</p>
      <form
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await submit({ id, reason });
            if (!r.ok) {
              setError(r.issues?.map((i) => i.message).join('; ') ?? r.message);
              return void toast.error(r.message);
            }
            setError(undefined);
            setRequestId(r.data.approvalRequestId);
            toast.success('Submitted for approval');
            router.refresh();
          });
        }}
      >
        <FormField label="Reason for the change" error={error} required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={3} required />
        </FormField>
        <div>
          <Button type="submit" disabled={pending || disabled}>
            {pending ? 'Submitting…' : 'Submit for approval'}
          </Button>
        </div>
      </form>
      {requestId ? (
        <p role="status" className="text-sm">
          Approval request opened: <Link className="underline underline-offset-4" href={`/approvals/${requestId}`}>view it</Link>.
        </p>
      ) : null}
    </section>
  );
}
