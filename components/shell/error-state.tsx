import { CircleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';

type TErrorStateProps = {
  /** What the error boundary caught; only its digest is shown, never its message. */
  error: unknown;
  /** Next's `retry` (re-fetch and re-render) is preferred; `reset` only re-renders. */
  retry?: () => void;
  reset?: () => void;
  title?: string;
  /** 1 when it replaces a whole page (error.tsx), 2 when it sits under a page's own h1. */
  headingLevel?: 1 | 2;
  className?: string;
};

function digestOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('digest' in error)) return undefined;
  return typeof error.digest === 'string' && error.digest ? error.digest : undefined;
}

/**
 * Body of an error.tsx boundary. Needs no directive of its own: error.tsx is a client
 * component, and the retry function can only come from there.
 */
export function ErrorState({ error, retry, reset, title = 'Something went wrong', headingLevel = 1, className }: TErrorStateProps) {
  const digest = digestOf(error);
  const tryAgain = retry ?? reset;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div role="alert" className={cn('mx-auto flex max-w-lg flex-col items-center gap-4 py-16 text-center', className)}>
      <CircleAlert aria-hidden="true" className="size-10 text-destructive" />
      <Heading className="text-xl font-semibold">{title}</Heading>
      <p className="text-sm text-muted-foreground">
        This could not be loaded. Try again; if it keeps happening, contact support
        {digest ? ' and quote the reference below' : ''}.
      </p>
      {digest ? (
        <p className="text-sm">
          Reference: <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{digest}</code>
        </p>
      ) : null}
      {tryAgain ? <Button onClick={() => tryAgain()}>Try again</Button> : null}
    </div>
  );
}
