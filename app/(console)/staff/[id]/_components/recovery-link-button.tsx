'use client';
import { Copy, Link2 } from 'lucide-react';
import { useState } from 'react';
import { withStepUp } from '@/components/auth/passkey-client';
import { ErrorAlert } from '@/components/common/error-alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { toast } from '@/components/ui/sonner';
import { issueRecoveryLinkAction } from '../actions';

/** Issues the one-time recovery link of an executed recovery and shows it once; issuing again replaces it. */
export function RecoveryLinkButton({ requestId, reissue }: { requestId: string; reissue: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    // The server asks for a fresh passkey confirmation first (step-up); withStepUp prompts and retries.
    const result = await withStepUp(() => issueRecoveryLinkAction({ requestId }));
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setLink(result.data.url);
    toast.success('Recovery link issued. Copy it now: it is shown only once.');
  }

  return (
    <div className="flex flex-col gap-3">
      <ErrorAlert message={error} />
      {link ? (
        <div className="flex flex-col gap-2">
          <Label htmlFor="recovery-link">One-time recovery link (valid 24 hours)</Label>
          <div className="flex gap-2">
            <Input id="recovery-link" readOnly value={link} className="font-mono text-xs" />
            <Button type="button" variant="outline" aria-label="Copy link" onClick={() => void navigator.clipboard?.writeText(link).then(() => toast.success('Link copied'))}>
              <Copy aria-hidden className="size-4" />
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button type="button" onClick={onClick} loading={pending}>
            <Link2 aria-hidden className="size-4" />
            {reissue ? 'Issue a new recovery link' : 'Issue recovery link'}
          </Button>
        </div>
      )}
    </div>
  );
}
