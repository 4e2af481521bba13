/**
 * Anti-automation for sign-in (ASVS 2.2.1 / 6.1.1): failures are counted per client IP in
 * Postgres (so every instance sees them) and throttle that IP (IPv6: its /64); failures against one account
 * only raise an alert, so an attacker can never lock a legitimate person out.
 */
import 'server-only';
import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import { notifications, signInFailures } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { enforceRateLimit } from '@/lib/http/rate-limit';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import { signInThrottleKey } from './throttle-key';

const IP_WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_WINDOW_MS = 30 * 60 * 1000;
const ACCOUNT_ALERT_THRESHOLD = 10;

/**
 * Unauthenticated sign-in options write a challenge row each: cap them per client (IPv6 by /64)
 * against cheap write amplification (at most 5 a second). Generous: a person needs one per
 * attempt, and e2e, HA and matrix runs sign in many times from one address.
 */
export const SIGN_IN_OPTIONS_LIMIT = { bucket: 'sign-in-options', limit: 300, windowSeconds: 60 } as const;

/** Throws RATE_LIMITED (429 + Retry-After) when this client asked for too many sign-in options. */
export async function limitSignInOptions(db: TDb, ip: string | null): Promise<void> {
  await enforceRateLimit(SIGN_IN_OPTIONS_LIMIT, signInThrottleKey(ip), { db });
}

/** Throws RATE_LIMITED (with Retry-After) when this IP has failed too often recently. */
export async function assertSignInAllowed(db: TDb, ip: string | null): Promise<void> {
  const key = signInThrottleKey(ip);
  const since = new Date(Date.now() - IP_WINDOW_MS);
  const [row] = await db
    .select({ n: count(), oldest: min(signInFailures.occurredAt) })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, key), gt(signInFailures.occurredAt, since)));
  const failures = Number(row?.n ?? 0);
  if (failures >= env().signInFailuresPerIp) {
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : Date.now();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + IP_WINDOW_MS - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins from this network. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
  }
}

/** Records a failed sign-in, audits it, and alerts administrators at the account threshold. */
export async function recordSignInFailure(
  db: TDb,
  input: { meta: TRequestMeta; staffId: string | null; reason: string; passkeyId?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(signInFailures).values({ ip: signInThrottleKey(input.meta.ip), staffId: input.staffId, reason: input.reason });
    await appendAuditEvent(tx, {
      action: 'auth.sign_in.failed',
      actor: input.staffId ? { type: 'staff', id: input.staffId } : { type: 'system' },
      target: input.staffId ? { type: 'staff', id: input.staffId } : undefined,
      result: 'failure',
      reason: input.reason,
      meta: input.meta,
      data: { reason: input.reason },
    });
    if (!input.staffId) return;
    const since = new Date(Date.now() - ACCOUNT_WINDOW_MS);
    const [row] = await tx
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.staffId, input.staffId), gt(signInFailures.occurredAt, since)));
    if (Number(row?.n ?? 0) !== ACCOUNT_ALERT_THRESHOLD) return;
    const [recent] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, 'auth.account_failures'), gt(notifications.createdAt, since), sql`${notifications.detail}->>'staffId' = ${input.staffId}`));
    if (Number(recent?.n ?? 0) > 0) return;
    await notifyAdministrators(tx, {
      kind: 'auth.account_failures',
      severity: 'warning',
      title: `${ACCOUNT_ALERT_THRESHOLD} failed sign-ins against one account within 30 minutes`,
      detail: { staffId: input.staffId },
    });
  });
}
