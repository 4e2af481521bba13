/**
 * Window events that connect the session countdown, the lock screen and any code that talks to
 * the server. The server remains the authority on idle and absolute expiry; these only drive UI.
 */
export const SESSION_IDLE_EVENT = 'countersign:session-idle';
export const SESSION_ACTIVITY_EVENT = 'countersign:session-activity';
/** Fired by the lock screen once the same person unlocked; the page content mounts again. */
export const SESSION_UNLOCKED_EVENT = 'countersign:session-unlocked';

/** Fired by the countdown when it reaches zero; the lock screen opens on it. */
export function dispatchSessionIdle(): void {
  window.dispatchEvent(new CustomEvent(SESSION_IDLE_EVENT));
}

export function dispatchSessionUnlocked(): void {
  window.dispatchEvent(new CustomEvent(SESSION_UNLOCKED_EVENT));
}

/**
 * Call after a request that extended the session without a navigation (a server action, a
 * fetch), so the countdown restarts from the full idle period.
 */
export function markSessionActivity(): void {
  window.dispatchEvent(new CustomEvent(SESSION_ACTIVITY_EVENT));
}

/** Subscribes to one of the events above; returns the unsubscribe function. */
export function onSessionEvent(
  name: typeof SESSION_IDLE_EVENT | typeof SESSION_ACTIVITY_EVENT | typeof SESSION_UNLOCKED_EVENT,
  handler: () => void,
): () => void {
  window.addEventListener(name, handler);
  return () => window.removeEventListener(name, handler);
}
