'use client';

import { KeyRound, LockKeyhole } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { unlockWithPasskey } from '@/components/auth/passkey-client';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { BACKGROUND_MARK, BACKGROUND_REQUEST_HEADER } from '@/lib/auth/background-request';
import { dispatchSessionUnlocked, markSessionActivity, onSessionEvent, SESSION_IDLE_EVENT } from './session-events';
import { SignOutButton } from './sign-out-button';
import { unlockResumesInPlace } from './unlock-decision';

type TLockScreenProps = {
  /**
   * The server found the session idle: render as the whole page (a <main> behind the dialog,
   * dialog title as the h1) and open at once. Without it the lock screen waits, inside the
   * shell, for the countdown's `countersign:session-idle` event.
   */
  locked?: boolean;
  staffName?: string;
};

const preventDismiss = (event: Event) => event.preventDefault();

/** The signed-in staff member's id, or null when there is none or the console cannot be reached. */
async function currentStaffId(background: boolean): Promise<string | null> {
  try {
    const res = await fetch('/api/me', { cache: 'no-store', headers: background ? { [BACKGROUND_REQUEST_HEADER]: BACKGROUND_MARK } : {} });
    if (!res.ok) return null;
    const me = (await res.json()) as { id?: unknown };
    return typeof me.id === 'string' ? me.id : null;
  } catch {
    return null;
  }
}

export function LockScreen({ locked = false, staffName }: TLockScreenProps) {
  const router = useRouter();
  const [open, setOpen] = useState(locked);
  const [seenLocked, setSeenLocked] = useState(locked);
  if (seenLocked !== locked) {
    setSeenLocked(locked);
    setOpen(locked);
  }
  const [error, setError] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const unlockRef = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      onSessionEvent(SESSION_IDLE_EVENT, () => {
        setError(null);
        setOpen(true);
      }),
    [],
  );

  // Who this page belongs to, so an unlock by someone else reloads instead of resuming it.
  // Asked as a background request, so it does not count as activity.
  const ownerId = useRef<string | null>(null);
  useEffect(() => {
    if (locked) return;
    let cancelled = false;
    void currentStaffId(true).then((id) => {
      if (!cancelled) ownerId.current = id;
    });
    return () => {
      cancelled = true;
    };
  }, [locked]);

  async function unlock() {
    setUnlocking(true);
    setError(null);
    try {
      const result = await unlockWithPasskey();
      if (!result.ok) {
        setError(result.message);
        return;
      }
      // Unlocking is a full sign-in with any staff passkey. Resume in place only when the same
      // person came back to the shell; otherwise (someone else, or the server rendered only this
      // lock screen) reload the document so no client state or cached page of the previous
      // session survives.
      const unlockedBy = await currentStaffId(false);
      if (!unlockResumesInPlace({ serverLocked: locked, ownerId: ownerId.current, unlockedBy })) {
        window.location.reload();
        return;
      }
      markSessionActivity();
      dispatchSessionUnlocked();
      setOpen(false);
      startRefresh(() => router.refresh());
    } catch {
      setError('Unlocking failed. Try again, or sign out and sign in again.');
    } finally {
      setUnlocking(false);
    }
  }

  const Title = locked ? 'h1' : 'h2';
  return (
    <>
      {locked ? <main id="main-content" className="min-h-dvh bg-background" /> : null}
      <Dialog open={open}>
        <DialogContent
          showCloseButton={false}
          overlayClassName="bg-background"
          onEscapeKeyDown={preventDismiss}
          onPointerDownOutside={preventDismiss}
          onInteractOutside={preventDismiss}
          onOpenAutoFocus={(event) => {
            // Land on the way forward, not on "Sign out", which comes first in the DOM.
            event.preventDefault();
            unlockRef.current?.focus();
          }}
        >
          <DialogHeader>
            <LockKeyhole aria-hidden="true" className="mx-auto size-8 text-muted-foreground sm:mx-0" />
            <DialogTitle asChild>
              <Title>Session locked</Title>
            </DialogTitle>
            <DialogDescription>
              {staffName ? `${staffName}, your` : 'Your'} session was idle, so Countersign hid this page to protect its
              data. Unlock with your passkey to carry on where you left off.
            </DialogDescription>
          </DialogHeader>
          {error ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <SignOutButton variant="outline" />
            <Button ref={unlockRef} loading={unlocking || refreshing} onClick={() => void unlock()}>
              {unlocking || refreshing ? null : <KeyRound aria-hidden="true" />}
              Unlock with passkey
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
