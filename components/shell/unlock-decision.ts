/** Pure rule behind the lock screen's unlock (kept apart from React so it can be unit-tested). */

export type TUnlockInput = {
  /** The server rendered only the lock screen (no page of this document to resume). */
  serverLocked: boolean;
  /** Staff id the locked page belonged to, when known. */
  ownerId: string | null;
  /** Staff id of the session the unlock opened, when known. */
  unlockedBy: string | null;
};

/**
 * Resume the page in place only when the same, known person unlocked the shell; anything else
 * (another staff member's passkey, an unknown owner) reloads the whole document, so no client
 * state or cached page of the previous session can reach the next person.
 */
export function unlockResumesInPlace({ serverLocked, ownerId, unlockedBy }: TUnlockInput): boolean {
  return !serverLocked && ownerId !== null && unlockedBy === ownerId;
}
