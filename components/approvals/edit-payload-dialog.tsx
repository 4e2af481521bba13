'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { updateApprovalPayloadAction } from '@/app/(console)/approvals/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';

/** The requester changes the payload: a new version, and every approval given so far is void. */
export function EditPayloadDialog({ requestId, version, payload }: { requestId: string; version: number; payload: Record<string, unknown> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(payload, null, 2));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function save() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setError('This is not valid JSON.');
      return;
    }
    setPending(true);
    const result = await updateApprovalPayloadAction({ requestId, version, payload: parsed, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setPending(false);
    if (!result.ok) {
      setError(result.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') || result.message);
      return;
    }
    setOpen(false);
    toast.success(`Saved as version ${result.data.version}; earlier approvals are void`);
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); setError(undefined); }}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline">Edit payload</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit the payload</DialogTitle>
          <DialogDescription>Saving creates version {version + 1}. Every approval given so far becomes void and signing starts again at step 1.</DialogDescription>
        </DialogHeader>
        <FormField label="Payload (JSON)" required error={error}>
          <Textarea value={text} onChange={(e) => setText(e.target.value)} rows={12} className="font-mono text-xs" spellCheck={false} />
        </FormField>
        <FormField label="Reason for the change">
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
        </FormField>
        <DialogFooter>
          <Button type="button" loading={pending} onClick={() => void save()}>Save new version</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
