/**
 * One cell of the permission matrix. The state is in sr-only text as well as the icon; a
 * conditional cell is a focusable tooltip trigger so the condition can be read by hover or
 * keyboard, and its accessible name carries the condition for screen readers.
 */
import { Check, CircleDot, Minus } from 'lucide-react';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import type { TMatrixCell } from '@/lib/roles/types';

export function MatrixCellView({ cell }: { cell: TMatrixCell }) {
  if (cell.state === 'allowed') {
    return (
      <span className="inline-flex size-7 items-center justify-center rounded-md bg-success-subtle text-success-subtle-foreground">
        <Check aria-hidden className="size-4" />
        <span className="sr-only">Allowed</span>
      </span>
    );
  }
  if (cell.state === 'denied') {
    return (
      <span className="inline-flex size-7 items-center justify-center text-muted-foreground">
        <Minus aria-hidden className="size-4" />
        <span className="sr-only">Denied</span>
      </span>
    );
  }
  const text = cell.conditions.join('; ');
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button type="button" className="inline-flex size-7 cursor-help items-center justify-center rounded-md bg-warning-subtle text-warning-subtle-foreground">
          <CircleDot aria-hidden className="size-4" />
          <span className="sr-only">Conditional: {text}</span>
        </button>
      </TooltipTrigger>
      <TooltipContent>
        <ul>
          {cell.conditions.map((c) => <li key={c}>{c}</li>)}
        </ul>
      </TooltipContent>
    </Tooltip>
  );
}

export function MatrixLegend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-4 text-sm">
      <li className="flex items-center gap-2"><MatrixCellView cell={{ state: 'allowed', conditions: [] }} />Allowed on every record</li>
      <li className="flex items-center gap-2">
        <span className="inline-flex size-7 items-center justify-center rounded-md bg-warning-subtle text-warning-subtle-foreground"><CircleDot aria-hidden className="size-4" /></span>
        Conditional: some records or fields only (hover or focus for the condition)
      </li>
      <li className="flex items-center gap-2"><MatrixCellView cell={{ state: 'denied', conditions: [] }} />Denied</li>
    </ul>
  );
}
