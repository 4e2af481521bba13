import { LoaderCircle } from 'lucide-react';
import { cn } from '@/lib/utils';

type TSpinnerProps = {
  /** Announced to assistive tech; without it the spinner is decorative (e.g. inside a busy button). */
  label?: string;
  className?: string;
};

export function Spinner({ label, className }: TSpinnerProps) {
  const icon = <LoaderCircle aria-hidden="true" className={cn('size-4 animate-spin', className)} />;
  if (!label) return icon;
  return (
    <span role="status" className="inline-flex items-center">
      {icon}
      <span className="sr-only">{label}</span>
    </span>
  );
}
