'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { onSessionEvent, SESSION_IDLE_EVENT, SESSION_UNLOCKED_EVENT } from './session-events';

/**
 * The page under the shell, unmounted while the session is locked: hiding it behind the lock
 * dialog would leave its data (revealed PII included) in the DOM and in client state, and its
 * effects (polling) running. It mounts again, freshly rendered, when the same person unlocks.
 */
export function LockableContent({ children }: { children: ReactNode }) {
  const [locked, setLocked] = useState(false);
  useEffect(() => onSessionEvent(SESSION_IDLE_EVENT, () => setLocked(true)), []);
  useEffect(() => onSessionEvent(SESSION_UNLOCKED_EVENT, () => setLocked(false)), []);
  return locked ? null : children;
}
