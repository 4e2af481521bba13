'use client';
/** The two commands every review screen shares: run an action with a toast and a refresh; claim the next item. */
import { useRouter } from 'next/navigation';
import { toast } from '@/components/ui/sonner';
import { claimNextUnassignedAction } from '@/app/(console)/transactions/actions';

export function useReviewCommands() {
  const router = useRouter();
  async function run(done: string, call: () => Promise<{ ok: boolean; message?: string }>) {
    const result = await call();
    if (result.ok) toast.success(done);
    else toast.error(result.message ?? 'Something went wrong');
    router.refresh();
  }
  async function next() {
    const result = await claimNextUnassignedAction();
    if (!result.ok) return toast.error(result.message);
    if (!result.data) return toast.info('Nothing is waiting for you.');
    router.push(`/transactions/${result.data.id}`);
  }
  return { run, next };
}
