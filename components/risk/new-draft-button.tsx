'use client';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';
import type { TActionResult } from '@/lib/http/action-result';

/** Starts a draft from the rules in force and opens it. */
export function NewDraftButton({ create }: { create: (input: unknown) => Promise<TActionResult<{ id: string; version: number }>> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await create({});
          if (!r.ok) return void toast.error(r.message);
          toast.success(`Draft v${r.data.version} created`);
          router.push(`/risk/${r.data.id}`);
        })
      }
    >
      {pending ? 'Creating…' : 'New draft'}
    </Button>
  );
}
