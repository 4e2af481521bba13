import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';

type TLoadingStateProps = {
  /** Announced politely to screen readers. */
  label?: string;
  /** Number of placeholder rows under the title placeholder. */
  rows?: number;
  className?: string;
};

/** Body of a loading.tsx: skeleton of a page header and a list, with a status message. */
export function LoadingState({ label = 'Loading…', rows = 4, className }: TLoadingStateProps) {
  return (
    <div className={cn('grid gap-6', className)}>
      <p role="status" className="sr-only">
        {label}
      </p>
      <div aria-busy="true" className="grid gap-6">
        <div className="grid gap-2">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-4 w-80 max-w-full" />
        </div>
        <div className="grid gap-3">
          {Array.from({ length: rows }, (_, i) => (
            <Skeleton key={i} className="h-12 w-full" />
          ))}
        </div>
      </div>
    </div>
  );
}
