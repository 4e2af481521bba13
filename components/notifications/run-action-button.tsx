'use client';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { Button, type TButtonProps } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';

type TResult = { ok: true; data?: unknown } | { ok: false; message: string };

function createdId(data: unknown): string | undefined {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
}

/**
 * A button that runs a bound server action at once (no confirmation: for harmless, reversible-in-effect actions),
 * with pending state and a toast. With `openCreatedAt`, an action that answers `{ id }` opens `openCreatedAt + id`.
 */
export function RunActionButton({
  run,
  successMessage,
  openCreatedAt,
  children,
  ...props
}: Omit<TButtonProps, 'onClick'> & { run: () => Promise<TResult>; successMessage?: string; openCreatedAt?: string; children: ReactNode }) {
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
          const id = openCreatedAt ? createdId(result.data) : undefined;
          if (id) router.push(`${openCreatedAt}${encodeURIComponent(id)}`);
          else router.refresh();
        }
      }}
    >
      {children}
    </Button>
  );
}
