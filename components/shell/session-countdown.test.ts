import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsLeft, sessionDeadline } from './session-countdown';

const t0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('sessionDeadline', () => {
  it('uses the server idle deadline when the client saw no later activity', () => {
    const d = sessionDeadline({ idleExpiresAt: iso(t0 + 900_000), absoluteExpiresAt: iso(t0 + 3_600_000), idleSeconds: 900, lastActivityAt: null });
    expect(d).toBe(t0 + 900_000);
  });

  it('extends the idle deadline from activity newer than the server value', () => {
    const d = sessionDeadline({ idleExpiresAt: iso(t0 + 900_000), absoluteExpiresAt: iso(t0 + 3_600_000), idleSeconds: 900, lastActivityAt: t0 + 60_000 });
    expect(d).toBe(t0 + 960_000);
  });

  it('never runs past the absolute end of the session', () => {
    const d = sessionDeadline({ idleExpiresAt: iso(t0 + 900_000), absoluteExpiresAt: iso(t0 + 300_000), idleSeconds: 900, lastActivityAt: t0 + 60_000 });
    expect(d).toBe(t0 + 300_000);
  });

  it('treats an unparseable idle deadline as already passed', () => {
    const d = sessionDeadline({ idleExpiresAt: 'nonsense', absoluteExpiresAt: iso(t0 + 300_000), idleSeconds: 900, lastActivityAt: null });
    expect(secondsLeft(d, t0)).toBe(0);
  });
});

describe('secondsLeft and formatCountdown', () => {
  it('rounds up partial seconds so zero means expired', () => {
    expect(secondsLeft(t0 + 1_500, t0)).toBe(2);
    expect(secondsLeft(t0, t0)).toBe(0);
    expect(secondsLeft(t0 - 5_000, t0)).toBe(0);
  });

  it('formats as M:SS without capping minutes', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(59)).toBe('0:59');
    expect(formatCountdown(900)).toBe('15:00');
    expect(formatCountdown(5_400)).toBe('90:00');
  });
});
