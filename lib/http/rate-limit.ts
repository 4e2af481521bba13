/**
 * Fixed-window rate limits shared by every instance: one row per (bucket, subject) in
 * `rate_limits`, bumped with a single atomic INSERT … ON CONFLICT … RETURNING, so two
 * instances (or 50 concurrent requests) can never both see "under the limit" wrongly.
 */
import 'server-only';
import { lt, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rateLimits } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';

export type TRateLimitRule = {
  /** Namespace of the counter, e.g. `csp-report`. */
  bucket: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type TRateLimitResult = {
  allowed: boolean;
  count: number;
  remaining: number;
  resetAt: Date;
  retryAfterSeconds: number;
};

type TOpts = { db?: TDbOrTx; now?: Date };

function windowStartOf(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Counts one hit for `subject` (an IP, a staff id…) and says whether it is within the rule. */
export async function consumeRateLimit(rule: TRateLimitRule, subject: string, opts: TOpts = {}): Promise<TRateLimitResult> {
  const db = opts.db ?? (await getDb());
  const now = opts.now ?? new Date();
  const start = windowStartOf(now, rule.windowSeconds);
  const key = `${rule.bucket}:${subject}`.slice(0, 200);
  // A newer window resets the count; the same window increments it. An instance whose clock
  // lags behind across a boundary (older window_start) counts into the newer window instead
  // of resetting it, so clock skew between instances cannot be used to bypass the limit.
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN excluded.window_start > ${rateLimits.windowStart} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`GREATEST(${rateLimits.windowStart}, excluded.window_start)`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (!row) throw new Error('rate limit upsert returned no row');
  const resetAt = new Date(row.windowStart.getTime() + rule.windowSeconds * 1000);
  return {
    allowed: row.count <= rule.limit,
    count: row.count,
    remaining: Math.max(0, rule.limit - row.count),
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  };
}

/** Like consumeRateLimit, but throws RATE_LIMITED (429 + Retry-After) when over the limit. */
export async function enforceRateLimit(rule: TRateLimitRule, subject: string, opts: TOpts = {}): Promise<TRateLimitResult> {
  const result = await consumeRateLimit(rule, subject, opts);
  if (!result.allowed) {
    throw new AppError('RATE_LIMITED', `Too many requests; try again in ${result.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
  return result;
}

/** Deletes counters whose window ended before `olderThan` (for a periodic clean-up job). */
export async function pruneRateLimits(olderThan: Date, opts: { db?: TDbOrTx } = {}): Promise<void> {
  const db = opts.db ?? (await getDb());
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, olderThan));
}
