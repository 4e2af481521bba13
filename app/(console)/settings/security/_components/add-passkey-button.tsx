'use client';
import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from '@/components/ui/sonner';
import { registerPasskey, withStepUp } from '@/components/auth/passkey-client';
import { Button } from '@/components/ui/button';

export function AddPasskeyButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function onClick() {
    setPending(true);
    const result = await withStepUp(() => registerPasskey({ flow: 'add' }));
    setPending(false);
    if (result.ok) {
      toast.success('Passkey added');
      router.refresh();
    } else {
      toast.error(result.message);
    }
  }
  return (
    <Button type="button" variant="outline" onClick={onClick} loading={pending}>
      <Plus aria-hidden className="size-4" />
      Add passkey
    </Button>
  );
}
