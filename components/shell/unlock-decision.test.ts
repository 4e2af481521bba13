import { describe, expect, it } from 'vitest';
import { unlockResumesInPlace } from './unlock-decision';

describe('unlockResumesInPlace', () => {
  it('resumes the page when the person who locked it unlocks the shell', () => {
    expect(unlockResumesInPlace({ serverLocked: false, ownerId: 'a', unlockedBy: 'a' })).toBe(true);
  });

  it('reloads when another staff member unlocks with their own passkey', () => {
    expect(unlockResumesInPlace({ serverLocked: false, ownerId: 'a', unlockedBy: 'b' })).toBe(false);
  });

  it('reloads when the owner or the new session is unknown, or the server rendered only the lock screen', () => {
    expect(unlockResumesInPlace({ serverLocked: false, ownerId: null, unlockedBy: 'a' })).toBe(false);
    expect(unlockResumesInPlace({ serverLocked: false, ownerId: 'a', unlockedBy: null })).toBe(false);
    expect(unlockResumesInPlace({ serverLocked: true, ownerId: 'a', unlockedBy: 'a' })).toBe(false);
  });
});
