/** Pure helpers behind the session countdown (kept apart from React so they can be unit-tested). */

export type TSessionDeadlineInput = {
  /** Idle deadline as last computed by the server (ISO). */
  idleExpiresAt: string;
  /** Absolute session end (ISO); no activity extends it. */
  absoluteExpiresAt: string;
  idleSeconds: number;
  /** Epoch ms of the latest request the client knows extended the session, if any. */
  lastActivityAt: number | null;
};

/** Epoch ms at which the session locks: the later idle deadline, capped by the absolute end. */
export function sessionDeadline({ idleExpiresAt, absoluteExpiresAt, idleSeconds, lastActivityAt }: TSessionDeadlineInput): number {
  const serverIdle = Date.parse(idleExpiresAt);
  const clientIdle = lastActivityAt === null ? -Infinity : lastActivityAt + idleSeconds * 1000;
  const idle = Math.max(Number.isNaN(serverIdle) ? -Infinity : serverIdle, clientIdle);
  const absolute = Date.parse(absoluteExpiresAt);
  return Number.isNaN(absolute) ? idle : Math.min(idle, absolute);
}

/** Whole seconds left until the deadline, never negative; rounds up so 0 means "expired". */
export function secondsLeft(deadline: number, now: number): number {
  if (!Number.isFinite(deadline)) return 0;
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** Whole seconds as M:SS (minutes are not capped at 59: "90:00" for a 90-minute idle period). */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}
