import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatMs } from './format';

describe('operations formats', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(84_741)).toBe('82.8 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MiB');
  });

  it('formats ages from seconds to days', () => {
    expect(formatAge(45)).toBe('45 s');
    expect(formatAge(12 * 60 + 5)).toBe('12 min');
    expect(formatAge(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(formatAge(4 * 86400 + 2 * 3600)).toBe('4 d 2 h');
    expect(formatAge(-5)).toBe('0 s');
  });

  it('formats durations in milliseconds', () => {
    expect(formatMs(835)).toBe('835 ms');
    expect(formatMs(12_400)).toBe('12.4 s');
    expect(formatMs(180_000)).toBe('3 min');
  });
});
