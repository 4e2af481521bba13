import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

type TEmptyStateProps = {
  title: string;
  description?: ReactNode;
  /** A decorative icon element, e.g. `<Inbox />`; it is hidden from assistive tech. */
  icon?: ReactNode;
  /** Call to action, e.g. a Button. */
  action?: ReactNode;
  /** Heading level that fits the surrounding outline (h1 belongs to PageHeader). */
  headingLevel?: 2 | 3;
  className?: string;
};

export function EmptyState({ title, description, icon, action, headingLevel = 2, className }: TEmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div
      data-slot="empty-state"
      className={cn('flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center', className)}
    >
      {icon ? (
        <div aria-hidden="true" className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-6">
          {icon}
        </div>
      ) : null}
      <Heading className="text-base font-semibold">{title}</Heading>
      {description ? <p className="max-w-prose text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
