/**
 * Retry schedule: exponential backoff with jitter. After failed attempt n (1-based) the next
 * try waits base·2^(n-1), capped, and then a random 50–100 % of that ("equal jitter"), so many
 * messages failing together do not retry in lockstep against a receiver that is recovering.
 */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

export function retryDelayMs(failedAttempts: number, baseMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  const ceiling = Math.min(baseMs * 2 ** exponent, MAX_BACKOFF_MS);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
