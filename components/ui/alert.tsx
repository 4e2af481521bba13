import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

const alertVariants = cva(
  'relative grid w-full grid-cols-[0_1fr] items-start gap-y-0.5 rounded-lg border px-4 py-3 text-sm has-[>svg]:grid-cols-[calc(var(--spacing)*4)_1fr] has-[>svg]:gap-x-3 [&>svg]:size-4 [&>svg]:translate-y-0.5 [&>svg]:text-current',
  {
    variants: {
      variant: {
        default: 'bg-card text-card-foreground',
        destructive: 'border-destructive bg-card text-destructive *:data-[slot=alert-description]:text-destructive',
        warning: 'border-transparent bg-warning-subtle text-warning-subtle-foreground',
        success: 'border-transparent bg-success-subtle text-success-subtle-foreground',
      },
    },
    defaultVariants: { variant: 'default' },
  },
);

export type TAlertProps = ComponentProps<'div'> & VariantProps<typeof alertVariants>;

/**
 * Static by default. Pass role="alert" when the alert appears in response to an action and
 * must be announced (an error after a failed submit); a page-load notice needs no role.
 */
export function Alert({ className, variant, ...props }: TAlertProps) {
  return <div data-slot="alert" className={cn(alertVariants({ variant }), className)} {...props} />;
}

export function AlertTitle({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      data-slot="alert-title"
      className={cn('col-start-2 line-clamp-1 min-h-4 font-medium tracking-tight', className)}
      {...props}
    />
  );
}

export function AlertDescription({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      data-slot="alert-description"
      className={cn('col-start-2 text-sm [&_p]:leading-relaxed [&_p+p]:mt-1', className)}
      {...props}
    />
  );
}
