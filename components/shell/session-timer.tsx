'use client';

import { Timer } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { dispatchSessionIdle, markSessionActivity, onSessionEvent, SESSION_ACTIVITY_EVENT } from './session-events';
import { formatCountdown, secondsLeft, sessionDeadline } from './session-countdown';
import { useNow } from './use-now';

const WARNING_SECONDS = 60;

export type TSessionTimerProps = {
  /** Idle deadline computed by the server for this render (ISO). */
  sessionExpiresAt: string;
  absoluteExpiresAt: string;
  idleSeconds: number;
};

/**
 * Counts down to the session lock and fires `countersign:session-idle` at zero. Layouts keep
 * their props across client navigations, so a navigation (which reaches the server and so
 * extends the idle deadline) or a `countersign:session-activity` event restarts the count.
 * A minute before the end it offers "Stay signed in" (WCAG 2.2.1: warn and allow extending).
 */
export function SessionTimer({ sessionExpiresAt, absoluteExpiresAt, idleSeconds }: TSessionTimerProps) {
  const now = useNow();
  const router = useRouter();
  const pathname = usePathname();
  const [activity, setActivity] = useState<{ pathname: string; at: number | null }>({ pathname, at: null });
  if (activity.pathname !== pathname) setActivity({ pathname, at: now });

  useEffect(() => onSessionEvent(SESSION_ACTIVITY_EVENT, () => setActivity((a) => ({ ...a, at: Date.now() }))), []);

  const deadline = sessionDeadline({ idleExpiresAt: sessionExpiresAt, absoluteExpiresAt, idleSeconds, lastActivityAt: activity.at });
  const remaining = now === null ? idleSeconds : secondsLeft(deadline, now);
  const expired = now !== null && remaining === 0;
  const warning = now !== null && !expired && remaining <= WARNING_SECONDS;

  useEffect(() => {
    if (expired) dispatchSessionIdle();
  }, [expired]);

  const countdown = formatCountdown(remaining);
  return (
    <div className="flex items-center gap-2">
      <div
        role="timer"
        aria-label={`Session expires in ${countdown}`}
        className={cn(
          'inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm tabular-nums',
          warning || expired ? 'bg-warning-subtle text-warning-subtle-foreground' : 'text-muted-foreground',
        )}
      >
        <Timer aria-hidden="true" className="size-4" />
        <span aria-hidden="true">
          <span className="hidden sm:inline">Locks in </span>
          {countdown}
        </span>
      </div>
      {warning ? (
        <Button
          size="sm"
          variant="outline"
          onClick={() => {
            markSessionActivity();
            router.refresh();
          }}
        >
          Stay signed in
        </Button>
      ) : null}
      <span role="status" className="sr-only">
        {warning ? 'Your session locks in less than a minute. Choose Stay signed in to continue.' : ''}
      </span>
    </div>
  );
}
