'use client';
import { useState, type FormEvent } from 'react';
import { withStepUp } from '@/components/auth/passkey-client';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { revealCustomerPiiAction } from '@/app/(console)/transactions/actions';

const LABELS = { name: 'Name', email: 'Email', phone: 'Phone', address: 'Address', dateOfBirth: 'Date of birth' } as const;
type TField = keyof typeof LABELS;

/** Reveal: a typed reason, then a passkey confirmation if the last one is older than 5 minutes. Audited. */
export function RevealPii({ transactionId }: { transactionId: string }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [plain, setPlain] = useState<Record<TField, string | null> | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    setPending(true);
    setError(null);
    const result = await withStepUp(() => revealCustomerPiiAction({ transactionId, reason }));
    setPending(false);
    if (!result.ok) return setError(result.message);
    if ('data' in result) setPlain(result.data as Record<TField, string | null>);
    setOpen(false);
  }

  if (plain) {
    return (
      <section aria-label="Revealed customer data" className="rounded-md border border-amber-500 p-3">
        <p className="mb-2 text-xs text-muted-foreground">Revealed for you only; this view was audited. Reload to hide it.</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {(Object.keys(LABELS) as TField[]).filter((f) => plain[f]).map((f) => (
            <div key={f} className="contents"><dt className="text-muted-foreground">{LABELS[f]}</dt><dd data-revealed={f}>{plain[f]}</dd></div>
          ))}
        </dl>
      </section>
    );
  }
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm">Reveal</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reveal customer data</DialogTitle>
          <DialogDescription>Say why you need it. The reveal is recorded in the audit log with your reason; your passkey may be asked for.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <ErrorAlert message={error} />
          <div className="flex flex-col gap-2">
            <Label htmlFor="reveal-reason">Reason</Label>
            <Input id="reveal-reason" name="reason" required minLength={10} maxLength={500} autoComplete="off" />
          </div>
          <DialogFooter>
            <Button type="submit" loading={pending}>Reveal</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
