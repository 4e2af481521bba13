import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

export const fieldControlClasses =
  'w-full min-w-0 rounded-md border border-input bg-background text-base text-foreground shadow-xs transition-colors placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive read-only:bg-muted md:text-sm';

export function Input({ className, type = 'text', ...props }: ComponentProps<'input'>) {
  return (
    <input
      data-slot="input"
      type={type}
      className={cn(
        fieldControlClasses,
        'h-9 px-3 py-1 file:me-3 file:border-0 file:bg-transparent file:text-sm file:font-medium',
        className,
      )}
      {...props}
    />
  );
}
