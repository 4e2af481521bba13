'use client';
import { useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/sonner';
import { withStepUp } from '@/components/auth/passkey-client';
import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { removePasskeyAction, renamePasskeyAction } from '../actions';

export function PasskeyActions({ passkeyId, name, canRemove }: { passkeyId: string; name: string; canRemove: boolean }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const result = await renamePasskeyAction({ passkeyId, name: new FormData(event.currentTarget).get('name') });
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setOpen(false);
    toast.success('Passkey renamed');
  }

  return (
    <div className="flex justify-end gap-2">
      <Dialog open={open} onOpenChange={(o) => { setOpen(o); setError(null); }}>
        <DialogTrigger asChild>
          <Button type="button" variant="outline" size="sm" aria-label={`Rename ${name}`}>Rename</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Rename passkey</DialogTitle>
            <DialogDescription>A name helps you recognise the device later.</DialogDescription>
          </DialogHeader>
          <form onSubmit={onRename} className="flex flex-col gap-4">
            <div className="flex flex-col gap-2">
              <Label htmlFor={`rename-${passkeyId}`}>Passkey name</Label>
              <Input id={`rename-${passkeyId}`} name="name" defaultValue={name} maxLength={60} required aria-describedby={error ? `rename-error-${passkeyId}` : undefined} />
              {error ? <p id={`rename-error-${passkeyId}`} role="alert" className="text-sm text-destructive">{error}</p> : null}
            </div>
            <DialogFooter>
              <Button type="submit" loading={pending}>Save</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {canRemove ? (
        <ConfirmActionButton
          label="Remove"
          accessibleLabel={`Remove ${name}`}
          title={`Remove “${name}”?`}
          summary="This passkey will no longer sign in to Countersign. You will be asked to confirm with a passkey."
          confirmLabel="Remove passkey"
          successMessage="Passkey removed"
          destructive
          run={async () => {
            const r = await withStepUp(() => removePasskeyAction(passkeyId));
            return r.ok ? { ok: true } : { ok: false, message: r.message };
          }}
        />
      ) : null}
    </div>
  );
}
