'use client';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { Button, type TButtonProps } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';

type TResult = { ok: true } | { ok: false; message: string };

/** A button that runs a bound server action at once (no confirmation: for harmless, reversible-in-effect actions), with pending state and a toast. */
export function RunActionButton({
  run,
  successMessage,
  children,
  ...props
}: Omit<TButtonProps, 'onClick'> & { run: () => Promise<TResult>; successMessage?: string; children: ReactNode }) {
  const [pending, setPending] = useState(false);
  const router = useRouter();
  return (
    <Button
      type="button"
      {...props}
      loading={pending}
      onClick={async () => {
        setPending(true);
        const result = await run();
        setPending(false);
        if (!result.ok) toast.error(result.message);
        else {
          if (successMessage) toast.success(successMessage);
          router.refresh();
        }
      }}
    >
      {children}
    </Button>
  );
}
