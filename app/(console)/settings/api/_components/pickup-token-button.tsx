'use client';
import { Copy } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { withStepUp } from '@/components/auth/passkey-client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { pickUpServiceTokenAction } from '../actions';

type TSecret = { token: string; signingSecret: string };

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input id={id} readOnly value={value} className="font-mono text-xs" />
        <Button type="button" variant="outline" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void navigator.clipboard?.writeText(value).then(() => toast.success('Copied'))}>
          <Copy aria-hidden className="size-4" />
        </Button>
      </div>
    </div>
  );
}

/** Shows a newly approved token once: the server deletes it as it hands it over. */
export function PickupTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [secret, setSecret] = useState<TSecret | null>(null);

  async function reveal() {
    setPending(true);
    // The server asks for a fresh passkey confirmation first (step-up); withStepUp prompts and retries.
    const result = await withStepUp(() => pickUpServiceTokenAction(tokenId));
    setPending(false);
    if (!result.ok) {
      toast.error(result.message);
      router.refresh();
      return;
    }
    setSecret(result.data);
  }

  return (
    <>
      <Button type="button" size="sm" onClick={reveal} loading={pending} aria-label={`Show token ${name} once`}>
        Show token once
      </Button>
      <Dialog open={secret !== null} onOpenChange={(open) => { if (!open) { setSecret(null); router.refresh(); } }}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Copy the token now</DialogTitle>
            <DialogDescription>This is the only time it is shown. Store both values in the payment core&apos;s secret store.</DialogDescription>
          </DialogHeader>
          {secret ? (
            <div className="flex flex-col gap-4">
              <CopyField id="picked-token" label="Bearer token" value={secret.token} />
              <CopyField id="picked-secret" label="Signing secret" value={secret.signingSecret} />
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" onClick={() => { setSecret(null); router.refresh(); }}>I have stored them</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
