import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

// A native <label> is enough: Radix Label only adds double-click text-selection handling.
export function Label({ className, ...props }: ComponentProps<'label'>) {
  return (
    <label
      data-slot="label"
      className={cn(
        'flex items-center gap-1 text-sm leading-none font-medium select-none peer-disabled:cursor-not-allowed peer-disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}
