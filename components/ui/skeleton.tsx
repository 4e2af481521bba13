import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/** Decorative placeholder; pair it with a status message (see LoadingState) for assistive tech. */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn('animate-pulse rounded-md bg-muted dark:bg-accent', className)}
      {...props}
    />
  );
}
