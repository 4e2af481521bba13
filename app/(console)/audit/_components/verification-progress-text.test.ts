import { describe, expect, it } from 'vitest';
import { verificationProgressText } from './verification-progress-text';

describe('verification progress text', () => {
  it('counts events, and says why the count restarted when the chain is walked again to locate a problem', () => {
    expect(verificationProgressText({ checked: 0, total: 0 })).toBe('Starting…');
    expect(verificationProgressText({ checked: 40, total: 100 })).toBe('40 of 100 events checked');
    expect(verificationProgressText({ checked: 40, total: 100, locating: false })).toBe('40 of 100 events checked');
    expect(verificationProgressText({ checked: 0, total: 100, locating: true })).toBe('Something is wrong; walking the chain again from the start to locate it: 0 of 100 events checked');
  });
});
