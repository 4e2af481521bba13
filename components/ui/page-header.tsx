import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

type TPageHeaderProps = {
  /** The page's only h1; e2e tests find pages by it ("Overview", "Staff", "Security"). */
  title: string;
  description?: ReactNode;
  /** Primary page actions, e.g. the "Invite staff member" button. */
  actions?: ReactNode;
  className?: string;
};

export function PageHeader({ title, description, actions, className }: TPageHeaderProps) {
  return (
    <div data-slot="page-header" className={cn('mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between', className)}>
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="max-w-prose text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
