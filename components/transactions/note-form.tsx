'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { NOTE_MAX, ZReviewNote } from '@/lib/review/decision-codes';
import { addTransactionNoteAction } from '@/app/(console)/transactions/actions';

/**
 * Adds a note (same PAN guard and length limit in the browser as on the server). Each note
 * gets a submission id when the form is shown, so a resent request stores it once.
 */
export function NoteForm({ transactionId }: { transactionId: string }) {
  const router = useRouter();
  const [submissionId, setSubmissionId] = useState(() => crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const body = String(new FormData(formEl).get('body') ?? '');
    const checked = ZReviewNote.safeParse(body);
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Check the note');
    setPending(true);
    setError(null);
    const result = await addTransactionNoteAction({ transactionId, body, submissionId });
    setPending(false);
    if (!result.ok) return setError(result.message);
    formEl.reset();
    setSubmissionId(crypto.randomUUID());
    toast.success('Note added.');
    router.refresh();
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-2" noValidate>
      <ErrorAlert message={error} />
      <Label htmlFor="note-body">Add a note</Label>
      <Textarea id="note-body" name="body" maxLength={NOTE_MAX} placeholder="What you checked. Never a card number." />
      <Button type="submit" size="sm" className="self-start" loading={pending}>Add note</Button>
    </form>
  );
}
